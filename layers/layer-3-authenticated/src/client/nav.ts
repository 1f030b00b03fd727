import type { NavItem } from '@stratum/layer-core/client'

/** The layer's navigation; items name the permission their page needs, so core hides the rest. */
export const authenticatedNav: readonly NavItem[] = [
  {
    id: 'authenticated.dashboard',
    labelKey: 'authenticated.nav.dashboard',
    to: { name: 'authenticated.dashboard' },
    icon: 'gauge',
    order: 10,
  },
  {
    id: 'authenticated.clients',
    labelKey: 'authenticated.nav.clients',
    to: { name: 'authenticated.clients' },
    icon: 'briefcase',
    permission: 'client.view',
    order: 20,
  },
  {
    id: 'authenticated.projects',
    labelKey: 'authenticated.nav.projects',
    to: { name: 'authenticated.projects' },
    icon: 'folder',
    permission: 'project.view',
    order: 30,
  },
  {
    id: 'authenticated.settings',
    labelKey: 'authenticated.nav.settings',
    to: { name: 'authenticated.settings' },
    icon: 'settings',
    order: 950,
  },
]

import type { NavItem } from '@stratum/layer-core/client'

/**
 * The layer's navigation; items name the permission their page needs, so core hides the rest.
 * The work itself goes in the workspace section; the tenant's settings in administration.
 */
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
    id: 'authenticated.reports',
    labelKey: 'authenticated.nav.reports',
    to: { name: 'authenticated.reports' },
    icon: 'chart',
    permission: 'report.view',
    order: 40,
  },
  {
    id: 'authenticated.settings',
    labelKey: 'authenticated.nav.settings',
    to: { name: 'authenticated.settings' },
    icon: 'settings',
    section: 'administration',
    permission: 'settings.manage',
    order: 250,
  },
]

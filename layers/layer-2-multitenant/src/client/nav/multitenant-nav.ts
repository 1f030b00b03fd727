import type { NavItem } from '@stratum/layer-core/client'

/** Permission that only a platform superadmin holds (no tenant role may grant `*`). */
export const SUPERADMIN_PERMISSION = '*'

/** This layer's navigation; each admin entry names the permission its page needs. */
export const multitenantNav: readonly NavItem[] = [
  {
    id: 'multitenant.overview',
    labelKey: 'multitenant.nav.overview',
    to: { name: 'multitenant.overview' },
    icon: 'building',
    section: 'administration',
    order: 200,
  },
  {
    id: 'multitenant.members',
    labelKey: 'multitenant.nav.members',
    to: { name: 'multitenant.members' },
    icon: 'users',
    permission: 'user.view',
    section: 'administration',
    order: 210,
  },
  {
    id: 'multitenant.roles',
    labelKey: 'multitenant.nav.roles',
    to: { name: 'multitenant.roles' },
    icon: 'shield',
    permission: 'user.view',
    section: 'administration',
    order: 220,
  },
  {
    id: 'multitenant.tenants',
    labelKey: 'multitenant.nav.tenants',
    to: { name: 'multitenant.tenants' },
    icon: 'server',
    permission: SUPERADMIN_PERMISSION,
    section: 'administration',
    order: 230,
  },
  {
    id: 'multitenant.system',
    labelKey: 'multitenant.nav.system',
    to: { name: 'multitenant.system' },
    icon: 'server',
    permission: SUPERADMIN_PERMISSION,
    section: 'administration',
    order: 240,
  },
]

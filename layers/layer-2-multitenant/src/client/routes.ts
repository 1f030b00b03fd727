import type { RouteRecordRaw } from 'vue-router'
import { FORBIDDEN_ROUTE } from './access/permission-guard.ts'
import { SUPERADMIN_PERMISSION } from './nav/multitenant-nav.ts'

/**
 * The layer's pages, each a lazy chunk, all in core's app shell (`shell: 'app'`); access rules are
 * in `meta` (`permission`, and `tenant` for a page of the current tenant's data), enforced by the
 * guards.
 */
export const multitenantRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    name: 'multitenant.overview',
    component: () => import('./pages/TenantOverviewPage.vue'),
    meta: { requiresAuth: true, shell: 'app', titleKey: 'multitenant.overview.title' },
  },
  {
    path: '/admin/members',
    name: 'multitenant.members',
    component: () => import('./pages/MembersPage.vue'),
    meta: {
      shell: 'app',
      permission: 'user.view',
      tenant: true,
      titleKey: 'multitenant.members.title',
    },
  },
  {
    path: '/admin/roles',
    name: 'multitenant.roles',
    component: () => import('./pages/RolesPage.vue'),
    meta: {
      shell: 'app',
      permission: 'user.view',
      tenant: true,
      titleKey: 'multitenant.roles.title',
    },
  },
  {
    path: '/admin/tenants',
    name: 'multitenant.tenants',
    component: () => import('./pages/TenantsPage.vue'),
    meta: {
      shell: 'app',
      permission: SUPERADMIN_PERMISSION,
      titleKey: 'multitenant.tenants.title',
    },
  },
  {
    path: '/system',
    name: 'multitenant.system',
    component: () => import('./pages/SystemConsolePage.vue'),
    meta: {
      shell: 'app',
      permission: SUPERADMIN_PERMISSION,
      titleKey: 'multitenant.system.title',
    },
  },
  {
    path: '/invites/accept',
    name: 'multitenant.acceptInvite',
    component: () => import('./pages/AcceptInvitePage.vue'),
    meta: { requiresAuth: true, shell: 'app', titleKey: 'multitenant.accept.title' },
  },
  {
    path: '/forbidden',
    name: FORBIDDEN_ROUTE,
    component: () => import('./pages/ForbiddenPage.vue'),
    meta: { requiresAuth: true, shell: 'app', titleKey: 'multitenant.forbidden.title' },
  },
]

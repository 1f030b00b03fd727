import type { RouteRecordRaw } from 'vue-router'
import { FORBIDDEN_ROUTE } from './access/permission-guard.ts'
import { SUPERADMIN_PERMISSION } from './nav/multitenant-nav.ts'

/** The layer's pages, each a lazy chunk; access rules are in `meta`, enforced by the guards. */
export const multitenantRoutes: RouteRecordRaw[] = [
  {
    path: '/admin',
    name: 'multitenant.overview',
    component: () => import('./pages/TenantOverviewPage.vue'),
    meta: { requiresAuth: true, titleKey: 'multitenant.overview.title' },
  },
  {
    path: '/admin/members',
    name: 'multitenant.members',
    component: () => import('./pages/MembersPage.vue'),
    meta: { permission: 'user.view', titleKey: 'multitenant.members.title' },
  },
  {
    path: '/admin/roles',
    name: 'multitenant.roles',
    component: () => import('./pages/RolesPage.vue'),
    meta: { permission: 'user.view', titleKey: 'multitenant.roles.title' },
  },
  {
    path: '/admin/tenants',
    name: 'multitenant.tenants',
    component: () => import('./pages/TenantsPage.vue'),
    meta: { permission: SUPERADMIN_PERMISSION, titleKey: 'multitenant.tenants.title' },
  },
  {
    path: '/invites/accept',
    name: 'multitenant.acceptInvite',
    component: () => import('./pages/AcceptInvitePage.vue'),
    meta: { requiresAuth: true, titleKey: 'multitenant.accept.title' },
  },
  {
    path: '/forbidden',
    name: FORBIDDEN_ROUTE,
    component: () => import('./pages/ForbiddenPage.vue'),
    meta: { requiresAuth: true, titleKey: 'multitenant.forbidden.title' },
  },
]

import { loginFor, useSessionStore } from '@stratum/layer-auth/client'
import type { NavigationGuardWithThis, RouteLocationNormalized } from 'vue-router'
import { useTenantStore, type TenantStore } from '../stores/tenant-store.ts'

/** Name of the page shown instead of one the user may not open. */
export const FORBIDDEN_ROUTE = 'multitenant.forbidden'

/** Where a user who lacks a route's permission goes: the not-allowed page, which can come back. */
export const forbiddenFor = (target: string) => ({
  name: FORBIDDEN_ROUTE,
  query: { from: target },
})

/** May the user open `route` in the current tenant? True for routes without `meta.permission`. */
export const mayOpen = (route: Pick<RouteLocationNormalized, 'meta'>, tenant: TenantStore) => {
  const permission = route.meta.permission
  return typeof permission !== 'string' || tenant.can(permission)
}

/**
 * Global `beforeEach` guard for `meta.permission`: the route needs a signed-in user who holds
 * that permission in the current tenant (the shared `can()`). Anonymous visitors go to sign-in;
 * signed-in users without it go to the not-allowed page. The auth guard usually answers the
 * anonymous case first; this one does not rely on running after it.
 */
export const permissionGuard: NavigationGuardWithThis<undefined> = async (to) => {
  if (typeof to.meta.permission !== 'string') return true
  const session = useSessionStore()
  await session.ensureLoaded()
  if (!session.isAuthenticated) return loginFor(to.fullPath)
  const tenant = useTenantStore()
  await tenant.ensureLoaded()
  return mayOpen(to, tenant) ? true : forbiddenFor(to.fullPath)
}

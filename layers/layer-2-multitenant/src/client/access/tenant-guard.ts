import type { NavItem } from '@stratum/layer-core/client'
import { useSessionStore } from '@stratum/layer-auth/client'
import type { NavigationGuardWithThis, Router } from 'vue-router'
import { useTenantStore } from '../stores/tenant-store.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /**
     * The page shows the current tenant's data: without a current tenant (a superadmin, or
     * someone not yet invited anywhere) its nav item is hidden and the route leads to the
     * tenant overview, which says what to do instead (enforced by the multitenant layer).
     */
    tenant?: boolean
  }
}

/** Where someone without a tenant goes instead of a tenant's page. */
export const NO_TENANT_ROUTE = { name: 'multitenant.overview' } as const

/** Does the nav item lead to a page with `meta.tenant`? Unknown targets do not. */
export function leadsToTenantPage(router: Router, to: NavItem['to']): boolean {
  try {
    return router.resolve(to).meta.tenant === true
  } catch {
    return false
  }
}

/**
 * Global `beforeEach` guard for `meta.tenant`: a signed-in user with no current tenant goes to the
 * tenant overview rather than to a page that could only fail or stay empty.
 */
export const tenantGuard: NavigationGuardWithThis<undefined> = async (to) => {
  if (to.meta.tenant !== true) return true
  const session = useSessionStore()
  await session.ensureLoaded()
  if (!session.isAuthenticated) return true
  const tenant = useTenantStore()
  await tenant.ensureLoaded()
  return tenant.status !== 'ready' || tenant.currentId !== undefined ? true : NO_TENANT_ROUTE
}

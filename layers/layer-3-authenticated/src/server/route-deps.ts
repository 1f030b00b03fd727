import type { TenantDb } from '@stratum/layer-multitenant/server'

/** What the tenant-scoped route modules of this layer receive. */
export interface RouteDeps {
  tenantDb: TenantDb
}

import type { TenantDb } from './tenant-context.ts'

/** What every tenant-scoped route module of this layer receives. */
export interface RouteDeps {
  tenantDb: TenantDb
}

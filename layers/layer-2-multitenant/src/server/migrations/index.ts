import type { Migration } from 'kysely'
import { tenancy } from './20260701000000_tenancy.ts'
import { systemRoleGrants } from './20261202000000_system_role_grants.ts'
import { tenantDataChanges } from './20261203000000_tenant_data_changes.ts'

/** Static record, so the migrations survive bundling. */
export const multitenantMigrations: Record<string, Migration> = {
  '20260701000000_tenancy': tenancy,
  '20261202000000_system_role_grants': systemRoleGrants,
  '20261203000000_tenant_data_changes': tenantDataChanges,
}

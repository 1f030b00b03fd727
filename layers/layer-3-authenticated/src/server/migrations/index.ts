import type { Migration } from 'kysely'
import { clientsProjects } from './20260801000000_clients_projects.ts'
import { dropSystemRoleGrants } from './20261202000000_drop_system_role_grants.ts'
import { watchAuthenticatedData } from './20261203000000_watch_tenant_data.ts'

/** Static record, so the migrations survive bundling. */
export const authenticatedMigrations: Record<string, Migration> = {
  '20260801000000_clients_projects': clientsProjects,
  '20261202000000_drop_system_role_grants': dropSystemRoleGrants,
  '20261203000000_watch_tenant_data': watchAuthenticatedData,
}

import { sql } from 'kysely'
import type { TestHost } from '@stratum/host-backend/testing'
import { createTenant } from '../src/server/index.ts'

/** Role key → the permissions it grants, sorted. */
export type RoleGrants = Record<string, string[]>

/**
 * The grants of one tenant's roles, read inside that tenant (so through row-level security).
 * @param options.systemOnly only the system roles (account_admin, user, viewer). @default false
 */
export async function roleGrants(
  t: TestHost,
  tenantId: string,
  options: { systemOnly?: boolean } = {},
): Promise<RoleGrants> {
  const { rows } = await t.host.platform.database.withSettings(
    { 'app.tenant_id': tenantId },
    (trx) =>
      sql<{ key: string; permission: string }>`
        select r.key, p.permission from roles r
        join role_permissions p on p.tenant_id = r.tenant_id and p.role_id = r.id
        where ${options.systemOnly ? sql`r.is_system` : sql`true`}
        order by 1, 2`.execute(trx),
  )
  const out: RoleGrants = {}
  for (const row of rows) (out[row.key] ??= []).push(row.permission)
  return out
}

let tenants = 0
/** A new tenant with a unique slug starting with `prefix`, created the way the admin API does. */
export const newTenant = (t: TestHost, prefix = 'tenant') =>
  createTenant(t.host.platform.database, {
    name: 'T',
    slug: `${prefix}-${Date.now()}-${tenants++}`,
  })

import { sql, type Kysely, type Migration } from 'kysely'

/**
 * What the system roles of every tenant are granted, as the last start synced it from the
 * `multitenant.permissions` contributions; new tenants copy it. Not tenant data (no `tenant_id`,
 * no row-level security), like the `permissions` catalogue. Filled by layer 2's `init`.
 */
export const systemRoleGrants: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create table system_role_grants (
      role_key text not null,
      permission text not null,
      layer text not null,
      primary key (role_key, permission)
    )`.execute(db)
  },
  async down(db: Kysely<unknown>) {
    await sql`drop table system_role_grants`.execute(db)
  },
}

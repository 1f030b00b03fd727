import { sql, type Kysely, type Migration } from 'kysely'
import { TENANT_TABLES } from './20260701000000_tenancy.ts'

/** The channel every committed change of watched tenant data is announced on. */
export const TENANT_DATA_CHANNEL = 'stratum_tenant_data'

/** Layer 2's tables that tenant-scoped reads depend on: the tenant rows and its own tenant tables. */
const WATCHED = ['tenants', ...TENANT_TABLES] as const

/**
 * Makes every committed write to `table` announce its tenant on {@link TENANT_DATA_CHANNEL}, so
 * each process can tell its cached answers for that tenant old (`TenantChanges`). One trigger per
 * statement, not per row; PostgreSQL sends one notification per tenant per transaction, at commit,
 * and none for a transaction that rolled back. A write with no tenant set (migrations, the
 * superadmin's routes, `psql`) announces `*`: every tenant. Every layer whose tables feed a cached
 * tenant-scoped read calls this in its migration, as it calls `isolateTenantTable`.
 */
export async function watchTenantData(db: Kysely<unknown>, table: string): Promise<void> {
  await sql
    .raw(
      `create trigger ${table}_data_changed after insert or update or delete or truncate on ${table}
        for each statement execute function stratum_tenant_data_changed()`,
    )
    .execute(db)
}

export const tenantDataChanges: Migration = {
  async up(db: Kysely<unknown>) {
    await sql
      .raw(
        `create function stratum_tenant_data_changed() returns trigger language plpgsql
          set search_path = pg_catalog as $$
        begin
          perform pg_notify('${TENANT_DATA_CHANNEL}',
            coalesce(nullif(current_setting('app.tenant_id', true), ''), '*'));
          return null;
        end $$`,
      )
      .execute(db)
    for (const table of WATCHED) await watchTenantData(db, table)
  },
  async down(db: Kysely<unknown>) {
    for (const table of WATCHED)
      await sql.raw(`drop trigger ${table}_data_changed on ${table}`).execute(db)
    await sql`drop function stratum_tenant_data_changed()`.execute(db)
  },
}

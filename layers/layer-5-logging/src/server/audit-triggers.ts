import { sql, type Kysely } from 'kysely'
import type { Database } from '@stratum/layer-core/server'

/** The layer's own tables: never audited by the row trigger. */
const OWN_TABLES = ['logs', 'audit_logs', 'performance_metrics']

/**
 * Tenant tables of every enabled layer that still lack the audit trigger: public tables with a
 * `tenant_id` column and row-level security enabled. A table a later layer adds is found here at
 * its first start-up, without code in that layer.
 */
const MISSING = sql<{ table_name: string }>`
  select c.relname as table_name from pg_class c
    join pg_namespace n on n.oid = c.relnamespace and n.nspname = 'public'
    join pg_attribute a on a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped
  where c.relkind in ('r', 'p') and c.relrowsecurity
    and c.relname <> all(${OWN_TABLES})
    and not exists (select 1 from pg_trigger t where t.tgrelid = c.oid and t.tgname = 'logging_audit')
  order by 1`

/**
 * Attaches the audit trigger to every tenant table missing it and returns their names. It runs on
 * the owner connection (only a table's owner may add a trigger) under the migration lock plus an
 * advisory lock of its own, so replicas starting together attach each trigger once.
 */
export async function attachAuditTriggers(database: Database): Promise<string[]> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return database.withMigrationLock((owner: Kysely<any>) =>
    owner.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended('logging.audit-triggers', 0))`.execute(
        trx,
      )
      const { rows } = await MISSING.execute(trx)
      for (const { table_name } of rows) {
        await sql`create trigger logging_audit after insert or update or delete on ${sql.table(
          table_name,
        )} for each row execute function logging_audit_row()`.execute(trx)
      }
      return rows.map((row) => row.table_name)
    }),
  )
}

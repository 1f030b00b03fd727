import { sql, type Kysely, type Migration } from 'kysely'

/** The request's tenant, as layer 2's tenant scope sets it (`app.tenant_id`); null without one. */
const CURRENT_TENANT = `(select nullif(current_setting('app.tenant_id', true), '')::uuid)`
/** Every row: set by core's switch state and the superadmin's switch API only (`PLATFORM_SCOPE`). */
const ALL_ROWS = `(select current_setting('app.layer_switches', true) = 'all')`
const OWN_ROW = `(tenant_id is not null and tenant_id = ${CURRENT_TENANT})`

/**
 * Row-level security on `core_layer_switches`, as on every table with a `tenant_id`:
 * - a tenant's transaction reads the global rows and its own, and writes only its own;
 * - the platform scope (`app.layer_switches = 'all'`) reads and writes every row: core's state
 *   loader, which holds every tenant's switches in memory, and the superadmin's switch API.
 */
export const layerSwitchesRls: Migration = {
  async up(db: Kysely<unknown>) {
    for (const statement of [
      'alter table core_layer_switches enable row level security',
      'alter table core_layer_switches force row level security',
      `create policy core_layer_switches_read on core_layer_switches for select
  using (tenant_id is null or ${OWN_ROW} or ${ALL_ROWS})`,
      `create policy core_layer_switches_write on core_layer_switches
  using (${OWN_ROW} or ${ALL_ROWS}) with check (${OWN_ROW} or ${ALL_ROWS})`,
    ])
      await sql.raw(statement).execute(db)
  },
  async down(db: Kysely<unknown>) {
    for (const statement of [
      'drop policy core_layer_switches_write on core_layer_switches',
      'drop policy core_layer_switches_read on core_layer_switches',
      'alter table core_layer_switches no force row level security',
      'alter table core_layer_switches disable row level security',
    ])
      await sql.raw(statement).execute(db)
  },
}

import { sql, type Kysely, type Migration } from 'kysely'
import { RUNTIME_ROLE } from '../platform/database.ts'

/**
 * Run-time layer switches: one row per layer globally (`tenant_id` null) and per tenant. Row-level
 * security comes with `20261203000000_layer_switches_rls`.
 * `tenant_id` has no foreign key (core knows no tenants table); rows of a tenant that is gone are
 * ignored by readers. The runtime role may read the migration tables, for the System console.
 */
export const layerSwitches: Migration = {
  async up(db: Kysely<unknown>) {
    await sql
      .raw(
        `create table core_layer_switches (
  layer_id text not null,
  tenant_id uuid,
  enabled boolean not null,
  tenant_admins_may_switch boolean not null default false,
  updated_by uuid,
  updated_at timestamptz not null default now()
)`,
      )
      .execute(db)
    await sql
      .raw(
        `create unique index core_layer_switches_scope on core_layer_switches
  (layer_id, coalesce(tenant_id, '00000000-0000-0000-0000-000000000000'::uuid))`,
      )
      .execute(db)
    await sql.raw(`grant select on core_migration to ${RUNTIME_ROLE}`).execute(db)
  },
  async down(db: Kysely<unknown>) {
    await sql.raw('drop table core_layer_switches').execute(db)
  },
}

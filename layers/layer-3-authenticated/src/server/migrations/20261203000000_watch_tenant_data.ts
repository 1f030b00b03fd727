import { sql, type Kysely, type Migration } from 'kysely'
import { watchTenantData } from '@stratum/layer-multitenant/server'

/** The tables the cached client and project reads depend on (see `tenantDb.cachedReadScope`). */
const WATCHED = ['app_clients', 'app_projects'] as const

/** Every committed write to this layer's clients and projects announces its tenant. */
export const watchAuthenticatedData: Migration = {
  async up(db: Kysely<unknown>) {
    for (const table of WATCHED) await watchTenantData(db, table)
  },
  async down(db: Kysely<unknown>) {
    for (const table of WATCHED)
      await sql.raw(`drop trigger ${table}_data_changed on ${table}`).execute(db)
  },
}

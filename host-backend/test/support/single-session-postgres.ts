import { sql } from 'kysely'
import {
  createPostgresDatabase,
  type PostgresDatabase,
  type PostgresDatabaseOptions,
} from '../../src/platform/database/postgres-database.ts'
import { captureLogger } from './logger.ts'
import { createFreshPostgresDatabase } from './postgres.ts'

/** A fresh database behind a pool of one connection: every statement meets the same session. */
export interface SingleSessionPostgres {
  database: PostgresDatabase
  /** Closes the pool and drops the database. */
  close(): Promise<void>
}

/**
 * Creates a fresh database, the runtime role, and what `setup` (statements run in order as the
 * owner) needs, for tests of what the driver sends on one session. `options` go to the pool
 * (`max` is 1 whatever they say).
 */
export async function createSingleSessionPostgres(
  setup: readonly string[],
  options: PostgresDatabaseOptions = {},
): Promise<SingleSessionPostgres> {
  const fresh = await createFreshPostgresDatabase()
  const database = createPostgresDatabase(fresh.url, captureLogger().logger, {
    ...options,
    max: 1,
  })
  try {
    await database.withMigrationLock(async (owner) => {
      await sql`do $$ begin create role stratum_app nologin; exception when duplicate_object then null; end $$`.execute(
        owner,
      )
      for (const statement of setup) await sql.raw(statement).execute(owner)
    })
  } catch (error) {
    await database.close()
    await fresh.drop()
    throw error
  }
  return {
    database,
    close: async () => {
      await database.close()
      await fresh.drop()
    },
  }
}

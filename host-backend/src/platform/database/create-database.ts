import { resolve } from 'node:path'
import type { Database, PlatformConfig } from '@stratum/layer-core/server'
import type { Logger } from 'winston'
import { createPgliteDatabase } from './pglite-database.ts'
import { createPostgresDatabase } from './postgres-database.ts'

/** PostgreSQL when `DATABASE_URL` is set; PGlite persisted in `<DATA_DIR>/pglite` otherwise. */
export async function createDatabase(
  config: Pick<PlatformConfig, 'DATABASE_URL' | 'DATABASE_APP_URL' | 'DATA_DIR'> &
    Partial<Pick<PlatformConfig, 'DATABASE_PREPARED_STATEMENTS'>>,
  logger: Logger,
): Promise<Database> {
  if (config.DATABASE_URL) {
    logger.info('Database: PostgreSQL')
    return createPostgresDatabase(config.DATABASE_URL, logger, {
      appUrl: config.DATABASE_APP_URL,
      preparedStatements: config.DATABASE_PREPARED_STATEMENTS,
    })
  }
  const dataDir = resolve(config.DATA_DIR, 'pglite')
  logger.info(`Database: embedded PGlite in ${dataDir} (set DATABASE_URL for PostgreSQL)`)
  return createPgliteDatabase(dataDir, logger)
}

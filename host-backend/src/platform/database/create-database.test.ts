import { describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { createFreshPostgresDatabase } from '../../../test/support/postgres.ts'
import { createDatabase } from './create-database.ts'

describe('createDatabase', () => {
  it('uses PostgreSQL when DATABASE_URL is set', async () => {
    const fresh = await createFreshPostgresDatabase()
    const database = await createDatabase(
      { DATABASE_URL: fresh.url, DATA_DIR: '/nonexistent' },
      captureLogger().logger,
    )
    expect(database.kind).toBe('postgres')
    await database.ping()
    await database.close()
    await fresh.drop()
  })
})

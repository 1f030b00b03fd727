import type { Database } from '@stratum/layer-core/server'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { pgliteTemplate } from '../../../test/support/pglite-template.ts'
import { createFreshPostgresDatabase } from '../../../test/support/postgres.ts'
import { createPostgresDatabase } from './postgres-database.ts'

interface Subject {
  database: Database
  dispose(): Promise<void>
}

const kinds: [string, () => Promise<Subject>][] = [
  [
    'postgres',
    async () => {
      const fresh = await createFreshPostgresDatabase()
      const database = createPostgresDatabase(fresh.url, captureLogger().logger)
      return { database, dispose: async () => (await database.close(), await fresh.drop()) }
    },
  ],
  [
    'pglite',
    async () => {
      const database = await pgliteTemplate()
      return { database, dispose: () => database.close() }
    },
  ],
]

describe.each(kinds)('%s database', (kind, create) => {
  let subject: Subject
  let db: Database['db']
  beforeAll(async () => {
    subject = await create()
    db = subject.database.db
    await db.schema
      .createTable('notes')
      .addColumn('id', 'serial', (col) => col.primaryKey())
      .addColumn('body', 'text', (col) => col.notNull().unique())
      .execute()
  })
  afterAll(() => subject.dispose())

  it('reports its kind and answers ping', async () => {
    expect(subject.database.kind).toBe(kind)
    await expect(subject.database.ping()).resolves.toBeUndefined()
  })

  it('runs queries with parameters', async () => {
    await db.insertInto('notes').values({ body: 'first' }).execute()
    const rows = await db.selectFrom('notes').select('body').where('body', '=', 'first').execute()
    expect(rows).toEqual([{ body: 'first' }])
    const { rows: sum } = await sql<{ n: number }>`select ${20}::int + 22 as n`.execute(db)
    expect(sum[0]?.n).toBe(42)
  })

  it('leaves nothing written when a transaction fails halfway', async () => {
    const attempt = db.transaction().execute(async (trx) => {
      await trx.insertInto('notes').values({ body: 'half-written' }).execute()
      // Violates the unique constraint: the whole transaction must roll back.
      await trx.insertInto('notes').values({ body: 'first' }).execute()
    })
    await expect(attempt).rejects.toThrow(/unique/)
    const rows = await db
      .selectFrom('notes')
      .select('body')
      .where('body', '=', 'half-written')
      .execute()
    expect(rows).toEqual([])
    // The connection is usable again after the rollback.
    await expect(subject.database.ping()).resolves.toBeUndefined()
  })

  it('returns what the function under the migration lock returns, and rethrows its error', async () => {
    await expect(subject.database.withMigrationLock(async () => 'migrated')).resolves.toBe(
      'migrated',
    )
    const failing = subject.database.withMigrationLock(async () => {
      throw new Error('migration failed')
    })
    await expect(failing).rejects.toThrow('migration failed')
    // A failure must release the lock for the next caller.
    await expect(subject.database.withMigrationLock(async () => 'again')).resolves.toBe('again')
  })
})

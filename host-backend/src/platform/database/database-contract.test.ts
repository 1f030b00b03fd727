import { coreMigrations, RUNTIME_ROLE, type Database } from '@stratum/layer-core/server'
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
    // Tables are created by the owner (as migrations are) and used through the runtime role.
    await subject.database.withMigrationLock(async (owner) => {
      await coreMigrations['20260101000000_runtime_role']!.up(owner)
      await owner.schema
        .createTable('notes')
        .addColumn('id', 'serial', (col) => col.primaryKey())
        .addColumn('body', 'text', (col) => col.notNull().unique())
        .execute()
    })
  })

  it('serves queries as the runtime role, which cannot change the schema', async () => {
    const { rows } = await sql<{ role: string }>`select current_user as role`.execute(db)
    expect(rows[0]?.role).toBe(RUNTIME_ROLE)
    await expect(
      db.schema.createTable('intruder').addColumn('id', 'integer').execute(),
    ).rejects.toThrow(/permission denied/)
  })

  it('sets transaction-local settings that do not outlive the transaction', async () => {
    const seen = await subject.database.withSettings(
      { 'app.tenant_id': "t-1'; drop table notes; --" },
      async (trx) => {
        const { rows } = await sql<{
          v: string
        }>`select current_setting('app.tenant_id', true) as v`.execute(trx)
        return rows[0]?.v
      },
    )
    expect(seen).toBe("t-1'; drop table notes; --")
    const { rows } = await sql<{
      v: string | null
    }>`select nullif(current_setting('app.tenant_id', true), '') as v`.execute(db)
    expect(rows[0]?.v).toBeNull()
    await expect(subject.database.withSettings({ 'bad name': 'x' }, async () => 1)).rejects.toThrow(
      /Invalid setting name/,
    )
    const failed = subject.database.withSettings({ 'app.x': '1' }, async (trx) => {
      await trx.insertInto('notes').values({ body: 'rolled back' }).execute()
      throw new Error('halfway')
    })
    await expect(failed).rejects.toThrow('halfway')
    expect(
      await db.selectFrom('notes').select('body').where('body', '=', 'rolled back').execute(),
    ).toEqual([])
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

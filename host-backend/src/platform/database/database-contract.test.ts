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
  it('opens a transaction with its settings in one statement: three for one query', async () => {
    const durations: number[] = []
    subject.database.observeQueries((ms) => durations.push(ms))
    try {
      const seen = await subject.database.withSettings(
        { 'app.tenant_id': 't-2', 'app.user_id': 'u-2' },
        async (trx) => {
          const { rows } = await sql<{ v: string }>`select current_setting('app.tenant_id', true)
            || '/' || current_setting('app.user_id', true) as v`.execute(trx)
          return rows[0]?.v
        },
      )
      expect(seen).toBe('t-2/u-2')
      // begin with the settings, the query, commit.
      expect(durations).toHaveLength(3)
    } finally {
      subject.database.observeQueries(undefined)
    }
  })
  it('runs a read-only transaction with its settings on every statement, and refuses writes in it', async () => {
    const seen = await subject.database.withSettings(
      { 'app.tenant_id': 't-7', 'app.user_id': 'u-7' },
      async (trx) => {
        const first = await sql<{ v: string }>`select current_setting('app.tenant_id', true)
          || '/' || current_setting('app.user_id', true) as v`.execute(trx)
        const second = await sql<{ v: string }>`select current_setting('app.tenant_id', true)
          as v`.execute(trx)
        return [first.rows[0]?.v, second.rows[0]?.v]
      },
      undefined,
      { readOnly: true },
    )
    expect(seen).toEqual(['t-7/u-7', 't-7'])
    const readOnly = (fn: (trx: typeof db) => Promise<unknown>) =>
      subject.database.withSettings({ 'app.tenant_id': 't-7' }, fn, undefined, { readOnly: true })
    // 25006: read_only_sql_transaction, for a write and for a row lock alike.
    await expect(
      readOnly((trx) => trx.insertInto('notes').values({ body: 'read-only' }).execute()),
    ).rejects.toMatchObject({ code: '25006' })
    await expect(
      readOnly(async (trx) => {
        await sql`select 1`.execute(trx)
        await trx.selectFrom('notes').select('id').forUpdate().execute()
      }),
    ).rejects.toMatchObject({ code: '25006' })
    expect(
      await db.selectFrom('notes').select('body').where('body', '=', 'read-only').execute(),
    ).toEqual([])
    // Every pooled connection writes again afterwards, with none of those settings left.
    const after = await Promise.all(
      Array.from({ length: 4 }, (_, n) =>
        subject.database.withSettings({}, async (trx) => {
          await trx
            .insertInto('notes')
            .values({ body: `after read-only ${n}` })
            .execute()
          const { rows } = await sql<{ tenant: string | null; readOnly: string }>`select
            nullif(current_setting('app.tenant_id', true), '') as tenant,
            current_setting('transaction_read_only') as "readOnly"`.execute(trx)
          return rows[0]
        }),
      ),
    )
    expect(after).toEqual(Array(4).fill({ tenant: null, readOnly: 'off' }))
  })
  it("tells a transaction's own observer of its statements, and no other transaction's", async () => {
    const mine: number[] = []
    const other: number[] = []
    await Promise.all([
      subject.database.withSettings(
        { 'app.tenant_id': 't-4' },
        async (trx) => {
          await sql`select 1`.execute(trx)
          await sql`select 2`.execute(trx)
        },
        (ms) => mine.push(ms),
      ),
      subject.database.withSettings(
        { 'app.tenant_id': 't-5' },
        (trx) => sql`select 3`.execute(trx),
        (ms) => other.push(ms),
      ),
    ])
    // begin with the settings, two queries, commit; and begin, one query, commit.
    expect(mine).toHaveLength(4)
    expect(other).toHaveLength(3)
    expect([...mine, ...other].every((ms) => ms >= 0)).toBe(true)
  })
  it('stops telling an observer once its transaction ended, even after a failed statement', async () => {
    const seen: number[] = []
    const failing = subject.database.withSettings(
      { 'app.tenant_id': 't-6' },
      async (trx) => {
        await sql`select 1`.execute(trx)
        await sql`select 1 / 0`.execute(trx)
      },
      (ms) => seen.push(ms),
    )
    await expect(failing).rejects.toThrow(/division by zero/)
    // begin with the settings, the first query and the rollback; not the statement that failed.
    expect(seen).toHaveLength(3)
    // The pooled connections it used serve others now: the observer hears none of it.
    await Promise.all(
      Array.from({ length: 4 }, () =>
        subject.database.withSettings({}, (trx) => sql`select 4`.execute(trx)),
      ),
    )
    await sql`select 5`.execute(db)
    expect(seen).toHaveLength(3)
  })
  it('rolls back when the first statement fails, and hands on a clean connection', async () => {
    const failing = subject.database.withSettings({ 'app.tenant_id': 't-3' }, async (trx) => {
      await sql`select 1 / 0`.execute(trx)
    })
    await expect(failing).rejects.toThrow(/division by zero/)
    // Several pooled connections: none kept the failed transaction's setting.
    const seen = await Promise.all(
      Array.from({ length: 4 }, () =>
        subject.database.withSettings({}, async (trx) => {
          const { rows } = await sql<{ v: string | null }>`select
            nullif(current_setting('app.tenant_id', true), '') as v`.execute(trx)
          return rows[0]
        }),
      ),
    )
    for (const row of seen) expect(row?.v ?? null).toBeNull()
    const written = await subject.database.withSettings({ 'app.x': '1' }, async (trx) => {
      await trx.insertInto('notes').values({ body: 'first statement' }).execute()
      return 'done'
    })
    expect(written).toBe('done')
    expect(
      await db.selectFrom('notes').select('body').where('body', '=', 'first statement').execute(),
    ).toEqual([{ body: 'first statement' }])
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

  it('hears committed notifications of any session, in commit order, and none that rolled back', async () => {
    const heard: string[] = []
    const listening = await subject.database.listen('contract_changes', {
      message: (payload) => heard.push(payload),
      lost: () => heard.push('lost'),
      resumed: () => heard.push('resumed'),
    })
    try {
      await subject.database.withSettings({ 'app.tenant_id': 't-1' }, async (trx) => {
        await sql`select pg_notify('contract_changes', current_setting('app.tenant_id'))`.execute(
          trx,
        )
      })
      await expect(
        subject.database.withSettings({}, async (trx) => {
          await sql`select pg_notify('contract_changes', 'rolled back')`.execute(trx)
          throw new Error('halfway')
        }),
      ).rejects.toThrow('halfway')
      await sql`select pg_notify('other_channel', 'elsewhere')`.execute(db)
      await sql`select pg_notify('contract_changes', 'second')`.execute(db)
      await expect.poll(() => heard).toEqual(['t-1', 'second'])
    } finally {
      await listening.close()
    }
    await sql`select pg_notify('contract_changes', 'after close')`.execute(db)
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(heard).toEqual(['t-1', 'second'])
  })

  it('refuses a channel name that is not a plain lower-case identifier', async () => {
    const handlers = { message: () => undefined, lost: () => undefined, resumed: () => undefined }
    await expect(subject.database.listen('x; drop table notes', handlers)).rejects.toThrow(
      /not a channel name/,
    )
  })
})

import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSingleSessionPostgres,
  type SingleSessionPostgres,
} from '../../../test/support/single-session-postgres.ts'
import type { PostgresDatabase } from './postgres-database.ts'

/** pg's connection, as far as a round trip ends on it: a simple query, or a Sync. */
interface WireConnection {
  query(text: string): void
  sync(): void
}

describe('round trips of a transaction on PostgreSQL', () => {
  let session: SingleSessionPostgres
  let database: PostgresDatabase
  let roundTrips = 0

  beforeAll(async () => {
    // One connection: every transaction below meets the same session, whose writes are counted.
    session = await createSingleSessionPostgres([
      'create table items (id integer primary key, label text not null)',
      "insert into items values (1, 'one'), (2, 'two')",
      'grant select, insert on items to stratum_app',
    ])
    database = session.database
    await sql`select 1`.execute(database.db) // opens the connection and switches its role
    const client = await database.pool.connect()
    const connection = (client as unknown as { connection: WireConnection }).connection
    client.release()
    // What the server answers: each simple query, and each Sync that closes extended messages.
    for (const method of ['query', 'sync'] as const) {
      const original = connection[method].bind(connection) as (...args: unknown[]) => void
      connection[method] = (...args: unknown[]) => {
        roundTrips++
        original(...args)
      }
    }
  })
  afterAll(() => session?.close())

  const counted = async <T>(fn: () => Promise<T>) => {
    roundTrips = 0
    const result = await fn()
    return { result, roundTrips }
  }
  const readLabel = (readOnly: boolean) =>
    database.withSettings(
      { 'app.tenant_id': 't-1' },
      async (trx) => {
        const row = await trx
          .selectFrom('items')
          .select('label')
          .where('id', '=', 1)
          .executeTakeFirstOrThrow()
        const { rows } = await sql<{
          tenant: string
        }>`select current_setting('app.tenant_id', true) as tenant`.execute(trx)
        return `${row.label}/${rows[0]?.tenant}`
      },
      undefined,
      { readOnly },
    )

  it('reads twice in three round trips (BEGIN rides with the first, then COMMIT), or in two read-only', async () => {
    expect(await counted(() => readLabel(false))).toEqual({ result: 'one/t-1', roundTrips: 3 })
    expect(await counted(() => readLabel(true))).toEqual({ result: 'one/t-1', roundTrips: 2 })
  })

  it('reads once in one round trip when read-only: no BEGIN, no COMMIT', async () => {
    const once = (readOnly: boolean) =>
      counted(() =>
        database.withSettings(
          { 'app.tenant_id': 't-2' },
          (trx) => trx.selectFrom('items').select('label').orderBy('id').execute(),
          undefined,
          { readOnly },
        ),
      )
    const expected = [{ label: 'one' }, { label: 'two' }]
    expect(await once(false)).toEqual({ result: expected, roundTrips: 2 })
    expect(await once(true)).toEqual({ result: expected, roundTrips: 1 })
  })

  it('sends nothing for a transaction that ran no statement, read-only or not', async () => {
    for (const readOnly of [false, true]) {
      const done = await counted(() =>
        database.withSettings({ 'app.tenant_id': 't-3' }, async () => 'nothing', undefined, {
          readOnly,
        }),
      )
      expect(done).toEqual({ result: 'nothing', roundTrips: 0 })
    }
    // Nothing was left open on the connection: the next transaction begins, writes and commits.
    await database.withSettings({}, (trx) =>
      trx.insertInto('items').values({ id: 3, label: 'three' }).execute(),
    )
    const { rows } = await sql<{ n: number }>`select count(*)::int as n from items`.execute(
      database.db,
    )
    expect(rows[0]?.n).toBe(3)
  })

  it('ends a read-only transaction whose statement failed without a round trip, on a clean connection', async () => {
    const failing = counted(() =>
      database.withSettings(
        { 'app.tenant_id': 't-4' },
        (trx) => sql`select 1 / 0`.execute(trx),
        undefined,
        { readOnly: true },
      ),
    )
    await expect(failing).rejects.toThrow(/division by zero/)
    expect(roundTrips).toBe(1)
    const { rows } = await sql<{
      tenant: string | null
      readOnly: string
    }>`select nullif(current_setting('app.tenant_id', true), '') as tenant,
      current_setting('transaction_read_only') as "readOnly"`.execute(database.db)
    expect(rows[0]).toEqual({ tenant: null, readOnly: 'off' })
  })

  it('refuses to open a transaction block inside a read-only transaction, which its COMMIT would not end', async () => {
    const opening = database.withSettings(
      { 'app.tenant_id': 't-5' },
      (trx) => sql`begin`.execute(trx),
      undefined,
      { readOnly: true },
    )
    await expect(opening).rejects.toThrow(/cannot open a transaction block/)
    await new Promise((r) => setTimeout(r, 5))
    const { rows } = await sql<{
      alone: boolean
    }>`select now() = statement_timestamp() as alone`.execute(database.db)
    // now() is the transaction's start: the statement's own unless a block was left open before.
    expect(rows[0]?.alone).toBe(true)
  })
})

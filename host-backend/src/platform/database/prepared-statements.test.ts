import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  createSingleSessionPostgres,
  type SingleSessionPostgres,
} from '../../../test/support/single-session-postgres.ts'
import type { PostgresDatabase } from './postgres-database.ts'

/** The statements this session keeps prepared (`pg_prepared_statements` is per session). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
const prepared = async (conn: Kysely<any>) =>
  (
    await sql<{
      name: string
      statement: string
    }>`select name, statement from pg_prepared_statements order by prepare_time`.execute(conn)
  ).rows

describe('prepared statements on PostgreSQL', () => {
  let session: SingleSessionPostgres
  let database: PostgresDatabase
  beforeAll(async () => {
    session = await createSingleSessionPostgres(
      [
        'create table items (id integer primary key, tenant text not null, label text not null)',
        "insert into items values (1, 'a', 'one'), (2, 'b', 'two')",
        'grant select, insert, update on items to stratum_app',
        'alter table items enable row level security',
        'alter table items force row level security',
        "create policy items_tenant on items using (tenant = current_setting('app.tenant', true))",
      ],
      { preparedStatements: 3 },
    )
    database = session.database
  })
  afterAll(() => session?.close())

  const labels = (tenant: string, id: number) =>
    database.withSettings({ 'app.tenant': tenant }, async (trx) => {
      const rows = await trx
        .selectFrom('items')
        .select('label')
        .where('id', '>=', id)
        .orderBy('id')
        .execute()
      return { labels: rows.map((r) => r.label), statements: await prepared(trx) }
    })

  it('parses a repeated statement once per connection, and row-level security still decides per transaction', async () => {
    const first = await labels('a', 0)
    const second = await labels('b', 0)
    const third = await labels('a', 2)
    // The same prepared statement answers for each tenant as its own policy allows.
    expect([first.labels, second.labels, third.labels]).toEqual([['one'], ['two'], []])
    const select = third.statements.filter((s) => s.statement.includes('from "items"'))
    expect(select).toHaveLength(1)
    expect(select[0]!.name).toMatch(/^stratum_\d+$/)
    // The settings are one statement with the values as parameters, kept once for every tenant.
    const settings = third.statements.filter((s) => s.statement.includes('set_config'))
    expect(settings.map((s) => s.statement)).toEqual(["select set_config('app.tenant', $1, true)"])
    // Statements without parameters (begin, commit) are not kept.
    expect(third.statements.map((s) => s.statement).join('\n')).not.toMatch(/^(begin|commit)/im)
  })

  it('keeps the most recently used statements up to the bound, and frees the oldest', async () => {
    const run = (i: number) =>
      sql<{ n: number }>`select ${i}::int + ${i}::int as n, ${`s${i}`} as tag`.execute(database.db)
    for (let i = 0; i < 6; i++) await run(i)
    // Five more statements, each a different text: the oldest ones go.
    for (let k = 0; k < 5; k++)
      await sql<{ n: number }>`select ${k}::int${sql.raw('+0'.repeat(k + 1))} as n`.execute(
        database.db,
      )
    const kept = await database.withSettings({}, prepared)
    expect(kept.length).toBeLessThanOrEqual(3)
    // The three most recent, in order.
    expect(kept.map((s) => s.statement)).toEqual([
      'select $1::int+0+0+0 as n',
      'select $1::int+0+0+0+0 as n',
      'select $1::int+0+0+0+0+0 as n',
    ])
    // An evicted statement runs again, prepared anew.
    expect((await run(0)).rows).toEqual([{ n: 0, tag: 's0' }])
    expect((await database.withSettings({}, prepared)).length).toBeLessThanOrEqual(3)
  })
})

describe('prepared statements after a failure', () => {
  let session: SingleSessionPostgres
  let database: PostgresDatabase
  beforeAll(async () => {
    session = await createSingleSessionPostgres([
      'create table notes (id integer primary key, body text not null)',
      "insert into notes values (1, 'kept')",
      'grant select on notes to stratum_app',
    ])
    database = session.database
  })
  afterAll(() => session?.close())

  const all = (id: number) =>
    database.withSettings({ 'app.x': 'y' }, (trx) =>
      trx.selectFrom('notes').selectAll().where('id', '=', id).execute(),
    )

  it('prepares a statement again once its plan went stale (a migration changed the table)', async () => {
    expect(await all(1)).toEqual([{ id: 1, body: 'kept' }])
    await database.withMigrationLock((owner) =>
      sql`alter table notes add column extra text not null default 'new'`.execute(owner),
    )
    // PostgreSQL refuses a cached `select *` whose columns changed: the statement, first in its
    // transaction, is prepared again and the caller never sees the refusal.
    expect(await all(1)).toEqual([{ id: 1, body: 'kept', extra: 'new' }])
    await database.withMigrationLock((owner) =>
      sql`alter table notes drop column extra`.execute(owner),
    )
    // Alone, outside a transaction, too.
    const alone = await database.db.selectFrom('notes').selectAll().where('id', '=', 1).execute()
    expect(alone).toEqual([{ id: 1, body: 'kept' }])
    await database.withMigrationLock((owner) =>
      sql`alter table notes add column later text`.execute(owner),
    )
    expect(await database.db.selectFrom('notes').selectAll().where('id', '=', 1).execute()).toEqual(
      [{ id: 1, body: 'kept', later: null }],
    )
  })

  it('recovers when the first statement of a transaction fails to parse', async () => {
    const broken = database.withSettings({ 'app.x': 'y' }, (trx) =>
      sql`select no_such_column from notes where id = ${1}`.execute(trx),
    )
    await expect(broken).rejects.toThrow(/no_such_column/)
    // The same text again gets the same error (not "prepared statement does not exist"), and the
    // connection goes on serving.
    await expect(
      database.withSettings({ 'app.x': 'y' }, (trx) =>
        sql`select no_such_column from notes where id = ${1}`.execute(trx),
      ),
    ).rejects.toThrow(/no_such_column/)
    expect(await all(1)).toHaveLength(1)
  })

  it('keeps room for the statement itself when only one may be kept: the settings go unnamed', async () => {
    const one = await createSingleSessionPostgres(
      [
        'create table notes (id integer primary key, body text not null)',
        "insert into notes values (1, 'kept')",
        'grant select on notes to stratum_app',
      ],
      { preparedStatements: 1 },
    )
    try {
      for (const readOnly of [false, true, false, true]) {
        const rows = await one.database.withSettings(
          { 'app.x': `run-${String(readOnly)}` },
          (trx) => trx.selectFrom('notes').select('body').where('id', '=', 1).execute(),
          undefined,
          { readOnly },
        )
        expect(rows).toEqual([{ body: 'kept' }])
      }
      const kept = await one.database.withSettings({}, prepared)
      expect(kept.map((s) => s.statement)).toEqual(['select "body" from "notes" where "id" = $1'])
    } finally {
      await one.close()
    }
  })

  it('keeps one settings statement however often the statement after it fails, read-only or not', async () => {
    for (const readOnly of [false, true]) {
      for (let i = 0; i < 5; i++) {
        const failing = database.withSettings(
          { 'app.x': `try-${i}` },
          (trx) => sql`select 1 / ${0}::int`.execute(trx),
          undefined,
          { readOnly },
        )
        await expect(failing).rejects.toThrow(/division by zero/)
      }
      // Each failure left the settings statement parsed and named: nothing was freed or leaked.
      const kept = await database.withSettings({}, prepared)
      const text = readOnly
        ? "select set_config('app.x', $1, true), set_config('transaction_read_only', 'on', true)"
        : "select set_config('app.x', $1, true)"
      expect(kept.filter((s) => s.statement === text)).toHaveLength(1)
      const seen = await database.withSettings(
        { 'app.x': 'after' },
        async (trx) =>
          (
            await sql<{
              x: string
            }>`select current_setting('app.x', true) as x, ${1}::int as n`.execute(trx)
          ).rows[0]?.x,
        undefined,
        { readOnly },
      )
      expect(seen).toBe('after')
    }
  })
})

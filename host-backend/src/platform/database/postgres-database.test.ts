import { createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { sql } from 'kysely'
import { CopyRows } from '@stratum/layer-core/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { createFreshPostgresDatabase } from '../../../test/support/postgres.ts'
import type { FreshPostgresDatabase } from '../../../test/support/postgres.ts'
import { createPostgresDatabase } from './postgres-database.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Ends every other backend of `name`, as an administrator or a failover would. */
const terminateOthers = (
  database: { pool: { query: (text: string, values: unknown[]) => Promise<unknown> } },
  name: string,
) =>
  database.pool.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [name],
  )

describe('PostgresDatabase', () => {
  let fresh: FreshPostgresDatabase
  beforeAll(async () => {
    fresh = await createFreshPostgresDatabase()
  })
  afterAll(() => fresh.drop())

  it('listens again after its connection is killed, saying what it missed, and never crashes', async () => {
    const { logger, entries } = captureLogger()
    const database = createPostgresDatabase(fresh.url, logger)
    const heard: string[] = []
    await database.listen('lost_and_found', {
      message: (payload) => heard.push(payload),
      lost: () => heard.push('lost'),
      resumed: () => heard.push('resumed'),
    })
    try {
      await sql`select pg_notify('lost_and_found', 'one')`.execute(database.db)
      await expect.poll(() => heard).toEqual(['one'])
      const admin = createPostgresDatabase(fresh.url, captureLogger().logger)
      await terminateOthers(admin, fresh.name)
      await admin.close()
      await expect.poll(() => heard, { timeout: 5000 }).toEqual(['one', 'lost', 'resumed'])
      await sql`select pg_notify('lost_and_found', 'two')`.execute(database.db)
      await expect.poll(() => heard).toEqual(['one', 'lost', 'resumed', 'two'])
      expect(entries.some((e) => e.level === 'warn' && /lost_and_found/.test(e.message))).toBe(true)
    } finally {
      await database.close()
    }
  })

  it('fails to listen at once when the server cannot be reached, and closes its listeners with the pool', async () => {
    const handlers = { message: () => undefined, lost: () => undefined, resumed: () => undefined }
    const closedPort = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as AddressInfo
        probe.close(() => resolve(port))
      })
    })
    const nowhere = createPostgresDatabase(
      `postgres://postgres@127.0.0.1:${closedPort}/nothing`,
      captureLogger().logger,
    )
    await expect(nowhere.listen('anything', handlers)).rejects.toThrow()
    await nowhere.close()
    const database = createPostgresDatabase(fresh.url, captureLogger().logger)
    await database.listen('closing_channel', handlers)
    const admin = createPostgresDatabase(fresh.url, captureLogger().logger)
    // As the login role (the pool's own queries are not switched to the runtime role), which sees
    // what other sessions run.
    const listeners = async () => {
      const result = await admin.pool.query(
        `select count(*)::int as n from pg_stat_activity where datname = $1 and query = 'listen closing_channel'`,
        [fresh.name],
      )
      return (result.rows[0] as { n: number }).n
    }
    expect(await listeners()).toBe(1)
    await database.close()
    await expect.poll(listeners).toBe(0)
    await admin.close()
  })

  it('bounds the wait for a connection and handles pool errors', async () => {
    const database = createPostgresDatabase(fresh.url, captureLogger().logger)
    expect(database.pool.options).toMatchObject({
      connectionTimeoutMillis: 5000,
      idleTimeoutMillis: 30_000,
      max: 10,
    })
    expect(database.pool.listenerCount('error')).toBeGreaterThan(0)
    await database.close()
  })

  it('logs a lost idle connection instead of crashing', async () => {
    const { logger, entries } = captureLogger()
    const database = createPostgresDatabase(fresh.url, logger)
    await database.ping()
    const admin = createPostgresDatabase(fresh.url, captureLogger().logger)
    // Kill the pooled (now idle) connection from another session, as a server restart would.
    await admin.pool.query(
      'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
      [fresh.name],
    )
    await sleep(200)
    expect(entries.some((entry) => /PostgreSQL connection lost/.test(entry.message))).toBe(true)
    await expect(database.ping()).resolves.toBeUndefined()
    await Promise.all([database.close(), admin.close()])
  })

  // Without a listener on the client itself, pg emits an unhandled 'error' here and the process
  // (this test worker) dies: pool.on('error') hears idle clients only.
  it('survives losing a checked-out connection, between statements and during one', async () => {
    const { logger, entries } = captureLogger()
    const database = createPostgresDatabase(fresh.url, logger)
    const admin = createPostgresDatabase(fresh.url, captureLogger().logger)
    const between = database.db.connection().execute(async (conn) => {
      await sql`select 1`.execute(conn)
      await terminateOthers(admin, fresh.name)
      await sleep(200)
      await sql`select 1`.execute(conn)
    })
    await expect(between).rejects.toThrow(/terminat|not queryable/)
    // Logged by the client's own listener: the pool never saw this connection idle.
    expect(entries.filter((e) => /PostgreSQL connection lost/.test(e.message))).toHaveLength(1)
    // Settled into a value at once: the rejection may land before the next line's await returns.
    const during = sql`select pg_sleep(5)`.execute(database.db).then(
      () => undefined,
      (error: unknown) => error,
    )
    await sleep(200)
    await terminateOthers(admin, fresh.name)
    expect(await during).toMatchObject({ code: '57P01' })
    await sleep(100)
    expect(entries.filter((e) => /PostgreSQL connection lost/.test(e.message))).toHaveLength(2)
    // The pool healed by itself.
    await expect(database.ping()).resolves.toBeUndefined()
    await Promise.all([database.close(), admin.close()])
  })

  it('survives losing the owner connections while migrating', async () => {
    const { logger, entries } = captureLogger()
    const database = createPostgresDatabase(fresh.url, logger)
    const admin = createPostgresDatabase(fresh.url, captureLogger().logger)
    const migrating = database.withMigrationLock(async (owner) => {
      await sql`select 1`.execute(owner) // leaves an idle owner connection
      await owner.connection().execute(async (conn) => {
        await sql`select 1`.execute(conn)
        await terminateOthers(admin, fresh.name)
        await sleep(200)
      })
    })
    await expect(migrating).resolves.toBeUndefined()
    expect(entries.some((e) => /Migration connection lost/.test(e.message))).toBe(true)
    expect(entries.some((e) => /Migration lock connection lost/.test(e.message))).toBe(true)
    await Promise.all([database.close(), admin.close()])
  })

  it('serialises two processes migrating at once', async () => {
    // Two instances hold separate sessions, as two server processes would.
    const first = createPostgresDatabase(fresh.url, captureLogger().logger)
    const second = createPostgresDatabase(fresh.url, captureLogger().logger)
    const events: string[] = []
    const run = (name: string, db: typeof first) =>
      db.withMigrationLock(async () => {
        events.push(`${name} start`)
        await sleep(300)
        events.push(`${name} end`)
      })
    const a = run('a', first)
    await sleep(50)
    await Promise.all([a, run('b', second)])
    expect(events).toEqual(['a start', 'a end', 'b start', 'b end'])
    await Promise.all([first.close(), second.close()])
  })

  it('rejects ping within its timeout when the server accepts but never answers', async () => {
    const sockets: Socket[] = []
    const silent = createServer((socket) => void sockets.push(socket))
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
    const { port } = silent.address() as AddressInfo
    const database = createPostgresDatabase(
      `postgres://postgres@127.0.0.1:${port}/none`,
      captureLogger().logger,
    )
    const started = performance.now()
    await expect(database.ping(500)).rejects.toThrow('PostgreSQL did not answer within 500 ms.')
    expect(performance.now() - started).toBeLessThan(1000)
    for (const socket of sockets) socket.destroy()
    silent.close()
    await database.close()
  })

  it('copies rows in as the runtime role, escaped, under row-level security, and survives a failed batch', async () => {
    const database = createPostgresDatabase(fresh.url, captureLogger().logger)
    await database.withMigrationLock(async (owner) => {
      await sql`do $$ begin create role stratum_app nologin; exception when duplicate_object then null; end $$`.execute(
        owner,
      )
      await sql`create table copied (id serial primary key, body text not null, n integer,
        at timestamptz, flag boolean, note text, inserted_by text not null default current_user)`.execute(
        owner,
      )
      await sql`grant select, insert on copied to stratum_app`.execute(owner)
      // COPY itself is refused on a table under row-level security: the rows go through a stage.
      await sql`alter table copied enable row level security`.execute(owner)
      await sql`alter table copied force row level security`.execute(owner)
      await sql`create policy copied_read on copied for select using (true)`.execute(owner)
      await sql`create policy copied_append on copied for insert with check (body <> 'refused')`.execute(
        owner,
      )
      await sql`grant usage on sequence copied_id_seq to stratum_app`.execute(owner)
    })
    const at = new Date('2026-12-02T10:20:30.456Z')
    const body = 'tab\there\nnew line\\ back and \\N and \rend'
    await database.copyRows(
      'copied',
      ['body', 'n', 'at', 'flag', 'note'],
      [
        [body, 1, at, true, null],
        ['plain', 2, null, false, '\\N'],
      ],
    )
    const { rows } = await sql<{
      body: string
      n: number
      at: Date | null
      flag: boolean
      note: string | null
      inserted_by: string
    }>`select body, n, at, flag, note, inserted_by from copied order by id`.execute(database.db)
    expect(rows).toEqual([
      { body, n: 1, at, flag: true, note: null, inserted_by: 'stratum_app' },
      { body: 'plain', n: 2, at: null, flag: false, note: '\\N', inserted_by: 'stratum_app' },
    ])
    // A bad value fails the whole COPY; the pool goes on serving.
    await expect(
      database.copyRows(
        'copied',
        ['body', 'n'],
        [
          ['ok', 1],
          ['bad', 'not a number'],
        ],
      ),
    ).rejects.toThrow(/invalid input syntax for type integer/)
    // The table's policies still decide: a refused row fails its batch, none of it is stored.
    await expect(
      database.copyRows(
        'copied',
        ['body', 'n'],
        [
          ['ok', 3],
          ['refused', 4],
        ],
      ),
    ).rejects.toThrow(/row-level security/)
    await database.copyRows('copied', ['body', 'n'], [['after', 5]])
    // Rows encoded as they were queued (CopyRows), over several buffers, land the same way.
    const encoded = new CopyRows()
    for (let n = 0; n < 2000; n++) encoded.add([`Zoë ✓ 🚀 ${body} ${n}`, n])
    expect(encoded.chunks().length).toBeGreaterThan(1)
    await database.copyRows('copied', ['body', 'n'], encoded)
    const last = await sql<{ body: string; n: number }>`select body, n from copied
      order by id desc limit 1`.execute(database.db)
    expect(last.rows).toEqual([{ body: `Zoë ✓ 🚀 ${body} 1999`, n: 1999 }])
    await database.ping()
    const count = await sql<{ n: string }>`select count(*) as n from copied`.execute(database.db)
    expect(Number(count.rows[0]?.n)).toBe(2003)
    await database.close()
  })
})

import { createServer } from 'node:net'
import type { AddressInfo, Socket } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { createFreshPostgresDatabase } from '../../../test/support/postgres.ts'
import type { FreshPostgresDatabase } from '../../../test/support/postgres.ts'
import { createPostgresDatabase } from './postgres-database.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

describe('PostgresDatabase', () => {
  let fresh: FreshPostgresDatabase
  beforeAll(async () => {
    fresh = await createFreshPostgresDatabase()
  })
  afterAll(() => fresh.drop())

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
})

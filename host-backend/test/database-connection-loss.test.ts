import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CODE_PATTERN } from '@stratum/layer-core/shared'
import { createFreshPostgresDatabase, type FreshPostgresDatabase } from './support/postgres.ts'
import { spawnServer, type SpawnedServer } from './support/spawn-server.ts'

const FIXTURE_SERVER = 'host-backend/test/fixtures/start-fixture-server.ts'
const ROUNDS = 10
const WORKERS = 4
const ROUND_MS = 700

type Outcome = { status: number; code?: string } | { dropped: string }

/** Ends every backend of this test's own database, except the one asking. */
async function terminateBackends(admin: pg.Client, database: string): Promise<number> {
  const { rows } = await admin.query<{ ended: boolean }>(
    `select pg_terminate_backend(pid) as ended from pg_stat_activity
      where datname = $1 and pid <> pg_backend_pid()`,
    [database],
  )
  return rows.filter((row) => row.ended).length
}

/** One request; a 503 must carry the error shape with its request id. */
async function hit(url: string): Promise<Outcome> {
  let res: Response
  try {
    res = await fetch(url)
  } catch (error) {
    return { dropped: String((error as Error).cause ?? error) }
  }
  if (res.status === 200) return (void (await res.arrayBuffer()), { status: 200 })
  const body = (await res.json()) as Record<string, unknown>
  expect(Object.keys(body).sort()).toEqual(['code', 'error', 'requestId', 'timestamp'])
  expect(body.code).toMatch(ERROR_CODE_PATTERN)
  expect(body.requestId).toBe(res.headers.get('x-request-id'))
  return { status: res.status, code: body.code as string }
}

describe('PostgreSQL ends the backends of checked-out connections under load', () => {
  let fresh: FreshPostgresDatabase
  let admin: pg.Client
  let server: SpawnedServer
  beforeAll(async () => {
    fresh = await createFreshPostgresDatabase()
    server = await spawnServer(FIXTURE_SERVER, {
      APP_SECRET: 'connection-loss-test-secret-0123456789abcdef',
      DATABASE_URL: fresh.url,
      RATE_LIMIT_MAX: '100000',
    })
    admin = new pg.Client({ connectionString: fresh.url })
    await admin.connect()
  })
  afterAll(async () => {
    server?.kill()
    await server?.exited
    await admin?.end()
    await fresh?.drop()
  })

  it(`survives ${ROUNDS} rounds: failed requests answer 503 DATABASE_UNAVAILABLE, then the pool heals`, async () => {
    const outcomes: Outcome[] = []
    let terminated = 0
    for (let round = 0; round < ROUNDS; round++) {
      const until = Date.now() + ROUND_MS
      const workers = Array.from({ length: WORKERS }, async () => {
        while (Date.now() < until) {
          const ms = 20 + Math.floor(Math.random() * 150)
          outcomes.push(await hit(`${server.url}/api/fixture/db-slow?ms=${ms}`))
        }
      })
      await new Promise((r) => setTimeout(r, 150 + Math.random() * 250))
      terminated += await terminateBackends(admin, fresh.name)
      await Promise.all(workers)
      expect(server.child.exitCode, server.output()).toBeNull()
      // Healed without help: the next requests get fresh connections.
      for (let i = 0; i < 3; i++) {
        expect(await hit(`${server.url}/api/fixture/db-slow?ms=0`)).toEqual({ status: 200 })
      }
    }
    const dropped = outcomes.filter((o) => 'dropped' in o)
    const failed = outcomes.filter((o) => 'status' in o && o.status !== 200)
    const tally = {
      requests: outcomes.length,
      ok: outcomes.length - dropped.length - failed.length,
      unavailable: failed.filter((o) => 'status' in o && o.status === 503).length,
      terminated,
    }
    console.info('connection loss figures', tally)
    expect(dropped).toEqual([])
    expect(failed).toEqual(failed.map(() => ({ status: 503, code: 'DATABASE_UNAVAILABLE' })))
    // Otherwise the rounds never hit a request in flight and proved nothing.
    expect(tally.unavailable).toBeGreaterThanOrEqual(ROUNDS)
    expect(server.output()).not.toMatch(/Unhandled 'error' event/)
  }, 90_000)
})

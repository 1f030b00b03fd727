import { Hono } from 'hono'
import pg from 'pg'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger } from '../../test/support/logger.ts'
import { createFreshPostgresDatabase } from '../../test/support/postgres.ts'
import type { FreshPostgresDatabase } from '../../test/support/postgres.ts'
import { errorHandler, toAppError } from './error-handler.ts'

const withCode = (message: string, code: string) => Object.assign(new Error(message), { code })

/** What a PostgreSQL client sees when its backend is terminated during a query. */
async function terminatedQueryError(fresh: FreshPostgresDatabase): Promise<unknown> {
  const victim = new pg.Client({ connectionString: fresh.url })
  victim.on('error', () => undefined)
  await victim.connect()
  const admin = new pg.Client({ connectionString: fresh.url })
  await admin.connect()
  const running = victim.query('select pg_sleep(5)').then(
    () => undefined,
    (error: unknown) => error,
  )
  await new Promise((r) => setTimeout(r, 100))
  await admin.query(
    'select pg_terminate_backend(pid) from pg_stat_activity where datname = $1 and pid <> pg_backend_pid()',
    [fresh.name],
  )
  await admin.end()
  const error = await running
  await victim.end().catch(() => undefined)
  return error
}

describe('toAppError for a lost database connection', () => {
  let fresh: FreshPostgresDatabase
  beforeAll(async () => {
    fresh = await createFreshPostgresDatabase()
  })
  afterAll(() => fresh.drop())

  it.each([
    [
      '57P01 admin shutdown',
      withCode('terminating connection due to administrator command', '57P01'),
    ],
    ['57P02 crash shutdown', withCode('terminating connection because of crash', '57P02')],
    ['57P03 cannot connect now', withCode('the database system is starting up', '57P03')],
    ['08006 connection failure', withCode('connection failure', '08006')],
    ['ECONNRESET', withCode('read ECONNRESET', 'ECONNRESET')],
    ['ECONNREFUSED', withCode('connect ECONNREFUSED 127.0.0.1:5432', 'ECONNREFUSED')],
    ['a dropped socket', new Error('Connection terminated unexpectedly')],
    ['a dead client', new Error('Client has encountered a connection error and is not queryable')],
    ['pool checkout timeout', new Error('timeout exceeded when trying to connect')],
    ['a wrapped one', new Error('listing failed', { cause: withCode('reset', 'ECONNRESET') })],
  ])('maps %s to 503 DATABASE_UNAVAILABLE', (_name, error) => {
    const mapped = toAppError(error)
    expect(mapped.status).toBe(503)
    expect(mapped.code).toBe('DATABASE_UNAVAILABLE')
    expect(mapped.headers).toEqual({ 'Retry-After': '2' })
  })

  it.each([
    ['a unique violation', withCode('duplicate key value', '23505')],
    ['a syntax error', withCode('syntax error at or near "selec"', '42601')],
    ['a plain bug', new TypeError("Cannot read properties of undefined (reading 'id')")],
  ])('keeps %s a 500', (_name, error) => {
    expect(toAppError(error)).toMatchObject({ status: 500, code: 'INTERNAL_ERROR' })
  })

  it('answers 503 in the error shape for the error pg really raises', async () => {
    const error = await terminatedQueryError(fresh)
    expect(error).toMatchObject({ code: '57P01' })
    const app = new Hono()
      .get('/boom', () => {
        throw error
      })
      .onError(errorHandler(captureLogger().logger))
    const res = await app.request('/boom')
    expect(res.status).toBe(503)
    expect(res.headers.get('retry-after')).toBe('2')
    const body = (await res.json()) as Record<string, unknown>
    expect(Object.keys(body).sort()).toEqual(['code', 'error', 'requestId', 'timestamp'])
    expect(body.code).toBe('DATABASE_UNAVAILABLE')
    expect(body.error).not.toMatch(/administrator|terminat/)
  })
})

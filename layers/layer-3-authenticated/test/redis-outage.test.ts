import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CODE_PATTERN } from '@stratum/layer-core/shared'
import {
  captureLogger,
  createRedisCacheStore,
  signIn,
  startThrowawayRedis,
  type ThrowawayRedis,
} from '@stratum/host-backend/testing'
import type { ClientPage } from '../src/shared/index.ts'
import { body, createAppWorld, uniqueEmail, type World } from './app-harness.ts'

async function timed(call: () => Promise<Response>): Promise<{ res: Response; ms: number }> {
  const started = performance.now()
  const res = await call()
  return { res, ms: Math.round(performance.now() - started) }
}

/** Asserts the one error shape and returns its code. */
async function errorCode(res: Response): Promise<string> {
  const error = await body<Record<string, unknown>>(res)
  expect(error).toMatchObject({ requestId: res.headers.get('x-request-id') })
  expect(typeof error.error).toBe('string')
  expect(typeof error.timestamp).toBe('string')
  expect(error.code).toMatch(ERROR_CODE_PATTERN)
  return error.code as string
}

async function eventually(check: () => Promise<boolean>, timeoutMs: number): Promise<number> {
  const started = performance.now()
  while (!(await check())) {
    if (performance.now() - started > timeoutMs) throw new Error(`not within ${timeoutMs} ms`)
    await new Promise((r) => setTimeout(r, 100))
  }
  return Math.round(performance.now() - started)
}

describe('Redis goes down and comes back, on PostgreSQL', () => {
  let redis: ThrowawayRedis
  let w: World
  beforeAll(async () => {
    redis = await startThrowawayRedis()
    const cache = await createRedisCacheStore(redis.url, captureLogger().logger)
    w = await createAppWorld('postgres', { cache })
  })
  afterAll(async () => {
    await w?.t.close()
    await redis?.stop()
  })

  it('keeps tenant data serving, refuses sign-in within 1 s, and recovers without a restart', async () => {
    const clients = () => w.json('GET', '/api/app/clients', w.adminA, w.a.slug)
    expect(
      (await w.json('POST', '/api/app/clients', w.adminA, w.a.slug, { name: 'Outage Ltd' })).status,
    ).toBe(201)
    // Tenant rows and memberships are now cached in Redis.
    expect((await clients()).status).toBe(200)
    expect((await w.json('GET', '/api/app/clients', w.userA, w.a.slug)).status).toBe(200)

    await redis.stop()

    const read = await timed(clients)
    expect(read.res.status).toBe(200)
    expect((await body<ClientPage>(read.res)).items.map((c) => c.name)).toContain('Outage Ltd')

    const json = { 'content-type': 'application/json' }
    const otp = await timed(() =>
      w.t.request(
        '/api/auth/request-otp',
        { method: 'POST', headers: json, body: JSON.stringify({ email: uniqueEmail('outage') }) },
        '10.250.0.1',
      ),
    )
    expect(otp.res.status).toBe(503)
    expect(await errorCode(otp.res)).toBe('CACHE_UNAVAILABLE')
    expect(otp.ms).toBeLessThan(1000)

    const ready = await timed(() => w.t.request('/health/ready'))
    expect(ready.res.status).toBe(503)
    expect(await body(ready.res.clone())).toMatchObject({
      error: 'Not ready: cache down.',
      details: { checks: { database: 'up', cache: 'down' } },
    })
    expect(await errorCode(ready.res)).toBe('NOT_READY')

    // A change whose cache invalidation fails still commits, and counts here at once: lookups
    // read the database while the cache is down.
    const removed = await timed(() =>
      w.json('DELETE', `/api/tenants/members/${w.userA.userId}`, w.adminA, w.a.slug),
    )
    expect(removed.res.status).toBe(204)
    const refused = await w.json('GET', '/api/app/clients', w.userA, w.a.slug)
    expect(refused.status).toBe(403)
    expect(await errorCode(refused)).toBe('TENANT_ACCESS_DENIED')

    await redis.restart()
    const recoveredMs = await eventually(
      async () => (await w.t.request('/health/ready')).status === 200,
      10_000,
    )
    const newcomer = await signIn(w.t, uniqueEmail('after-outage'))
    expect(newcomer.token).toBeTruthy()
    expect((await clients()).status).toBe(200)
    expect((await w.json('GET', '/api/app/clients', w.userA, w.a.slug)).status).toBe(403)

    console.info('Redis outage figures', {
      tenantRead: `${read.res.status} in ${read.ms} ms`,
      requestOtp: `${otp.res.status} in ${otp.ms} ms`,
      ready: `${ready.res.status} in ${ready.ms} ms`,
      memberRemoval: `${removed.res.status} in ${removed.ms} ms`,
      readyAgainAfterRestart: `${recoveredMs} ms`,
    })
  })
})

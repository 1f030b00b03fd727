import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import type { BrowserLogEntry } from '../shared/index.ts'
import {
  body,
  createLoggingWorld,
  eventually,
  loggingRows,
  type World,
} from '../../test/logging-world.ts'

type LogRow = {
  level: string
  message: string
  user_id: string | null
  tenant_id: string | null
  session_id: string
  source: string
  context: Record<string, unknown> | null
  url: string | null
}

describe.each(TEST_TARGETS)('browser log ingestion on %s', (target) => {
  let w: World
  let n = 0
  const session = () => `s-${target}-${Date.now()}-${n++}`
  const entry = (fields: Partial<BrowserLogEntry> = {}): BrowserLogEntry => ({
    level: 'ERROR',
    message: 'TypeError: x is undefined',
    timestamp: new Date().toISOString(),
    ...fields,
  })
  const send = (payload: unknown, headers: Record<string, string> = {}, ip = '10.9.0.1') =>
    w.t.request(
      '/api/logs/batch',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify(payload),
      },
      ip,
    )
  const stored = (sessionId: string, count: number) =>
    eventually(
      () => loggingRows<LogRow>(w, 'logs', 'session_id', sessionId),
      (rows) => rows.length >= count,
    )

  beforeAll(async () => {
    w = await createLoggingWorld(target, { env: { LOG_INGEST_IP_MAX: '150' } })
  })
  afterAll(() => w?.t.close())

  it('takes a signed-out batch with 202 and stores it masked, with its breadcrumbs', async () => {
    const sessionId = session()
    const res = await send({
      sessionId,
      entries: [
        entry({
          message: 'Failed for maria.silva@example.com',
          url: 'https://app.example/verify?code=123456',
          breadcrumbs: [{ at: new Date().toISOString(), kind: 'click', text: 'Save' }],
        }),
        entry({ level: 'INFO', message: 'page view' }),
      ],
    })
    expect([res.status, await body(res)]).toEqual([202, { accepted: 2 }])
    const rows = await stored(sessionId, 2)
    expect(rows).toHaveLength(2)
    expect(rows[0]).toMatchObject({
      level: 'ERROR',
      message: 'Failed for m***@example.com',
      user_id: null,
      tenant_id: null,
      source: 'browser',
      url: 'https://app.example/verify?code=[redacted]',
      context: { breadcrumbs: [expect.objectContaining({ kind: 'click', text: 'Save' })] },
    })
  })

  it('takes user and tenant from the session, never from the payload', async () => {
    const sessionId = session()
    const forged = await send(
      { sessionId, entries: [{ ...entry(), userId: w.adminB.userId }] },
      w.userA.headers(w.a.slug),
    )
    expect(forged.status).toBe(400)
    const res = await send({ sessionId, entries: [entry()] }, w.userA.headers(w.a.slug))
    expect(res.status).toBe(202)
    const [row] = await stored(sessionId, 1)
    expect(row).toMatchObject({ user_id: w.userA.userId, tenant_id: w.a.id })
    // A tenant the user does not belong to is not recorded.
    const other = session()
    await send({ sessionId: other, entries: [entry()] }, w.userA.headers(w.b.slug))
    expect((await stored(other, 1))[0]).toMatchObject({ user_id: w.userA.userId, tenant_id: null })
  })

  it('caps entries per batch and bytes per field', async () => {
    const sessionId = session()
    const tooMany = await send({ sessionId, entries: Array.from({ length: 101 }, () => entry()) })
    expect(tooMany.status).toBe(400)
    const tooLong = await send({ sessionId, entries: [entry({ message: 'x'.repeat(2001) })] })
    expect([tooLong.status, (await body(tooLong)).code]).toEqual([400, 'VALIDATION_FAILED'])
    const nul = await send({ sessionId, entries: [entry({ message: 'a\u0000b' })] })
    expect(nul.status).toBe(400)
  })

  it('limits entries per address per minute with 429 and Retry-After', async () => {
    const batch = { sessionId: session(), entries: Array.from({ length: 100 }, () => entry()) }
    expect((await send(batch, {}, '10.9.9.9')).status).toBe(202)
    const over = await send(batch, {}, '10.9.9.9')
    expect(over.status).toBe(429)
    expect(await body(over)).toMatchObject({ code: 'LOG_INGEST_LIMITED' })
    expect(Number(over.headers.get('retry-after'))).toBeGreaterThan(0)
    // Another address still has its budget.
    expect((await send(batch, {}, '10.9.9.10')).status).toBe(202)
  })

  it('single errors go through POST /error', async () => {
    const sessionId = session()
    const res = await w.t.request('/api/logs/error', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sessionId, entry: entry({ level: 'FATAL' }) }),
    })
    expect(res.status).toBe(202)
    expect((await stored(sessionId, 1))[0]).toMatchObject({ level: 'FATAL' })
  })

  it('records each finished request in performance_metrics, by route pattern', async () => {
    const res = await w.json('GET', '/api/app/clients?page=1', w.adminA, w.a.slug)
    expect(res.status).toBe(200)
    const requestId = res.headers.get('x-request-id')!
    const rows = await eventually(
      () => loggingRows<Record<string, unknown>>(w, 'performance_metrics', 'request_id', requestId),
      (r) => r.length > 0,
    )
    expect(rows[0]).toMatchObject({
      method: 'GET',
      endpoint: '/api/app/clients',
      status_code: 200,
      user_id: w.adminA.userId,
      tenant_id: w.a.id,
      db_query_count: expect.any(Number),
    })
    expect(Number(rows[0]?.db_query_count)).toBeGreaterThan(0)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { ERROR_CODE_PATTERN } from '@stratum/layer-core/shared'
import { createTestHost, TEST_TARGETS, type TestHost } from '../../test/support/test-host.ts'
import { fixtureLayersConfig, fixtureServerLayer } from '../../test/fixtures/fixture-layer.ts'

/** Asserts the one error shape and that its requestId is the X-Request-ID header. */
async function expectError(res: Response, status: number, code: string) {
  expect(res.status).toBe(status)
  expect(res.headers.get('content-type')).toMatch(/^application\/json/)
  const body = (await res.json()) as Record<string, unknown>
  expect(Object.keys(body).sort()).toEqual(
    expect.arrayContaining(['code', 'error', 'requestId', 'timestamp']),
  )
  expect(
    Object.keys(body).every((k) =>
      ['error', 'code', 'timestamp', 'requestId', 'details'].includes(k),
    ),
  ).toBe(true)
  expect(body.code).toBe(code)
  expect(body.code).toMatch(ERROR_CODE_PATTERN)
  expect(typeof body.error).toBe('string')
  expect(new Date(body.timestamp as string).toISOString()).toBe(body.timestamp)
  expect(body.requestId).toBe(res.headers.get('x-request-id'))
  return body
}

describe.each(TEST_TARGETS)('error shape on %s', (target) => {
  let t: TestHost
  beforeAll(async () => {
    t = await createTestHost({
      target,
      layersConfig: fixtureLayersConfig,
      extraLayers: [fixtureServerLayer],
      env: { RATE_LIMIT_MAX: '1000' },
    })
  })
  afterAll(() => t?.close())

  it('answers an unknown /api route with 404 NOT_FOUND', async () => {
    await expectError(await t.request('/api/nothing-here'), 404, 'NOT_FOUND')
  })

  it('answers a wrong method with 405 and Allow', async () => {
    const res = await t.request('/api/core/layers', { method: 'DELETE' })
    const body = await expectError(res, 405, 'METHOD_NOT_ALLOWED')
    expect(res.headers.get('allow')).toBe('GET, HEAD')
    expect(body.details).toEqual({ allowed: ['GET', 'HEAD'] })
  })

  it('answers malformed JSON with 400 MALFORMED_JSON', async () => {
    const res = await t.request('/api/fixture/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"name": "ab",',
    })
    await expectError(res, 400, 'MALFORMED_JSON')
  })

  it('answers a zod failure with 400 VALIDATION_FAILED and field errors', async () => {
    const res = await t.request('/api/fixture/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'a', count: -1 }),
    })
    const body = await expectError(res, 400, 'VALIDATION_FAILED')
    const fields = (body.details as { fields: Record<string, string[]> }).fields
    expect(Object.keys(fields).sort()).toEqual(['count', 'name'])
  })

  it('validates query strings too', async () => {
    const body = await expectError(
      await t.request('/api/fixture/slow?ms=abc'),
      400,
      'VALIDATION_FAILED',
    )
    expect(Object.keys((body.details as { fields: object }).fields)).toEqual(['ms'])
  })

  it('refuses non-JSON bodies on /api with 415', async () => {
    const res = await t.request('/api/fixture/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: 'name=ab&count=1',
    })
    await expectError(res, 415, 'UNSUPPORTED_MEDIA_TYPE')
  })

  it('answers a thrown error with 500 and no internals', async () => {
    const res = await t.request('/api/fixture/boom')
    const body = await expectError(res, 500, 'INTERNAL_ERROR')
    const raw = JSON.stringify(body)
    expect(raw).not.toContain('hunter2')
    expect(raw).not.toContain('secret internals')
    expect(raw).not.toMatch(/at .*\.ts:\d+/)
  })

  it('answers a body over the limit with 413', async () => {
    const res = await t.request('/api/fixture/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ name: 'x'.repeat(2 * 1024 * 1024), count: 1 }),
    })
    await expectError(res, 413, 'PAYLOAD_TOO_LARGE')
  })

  it('succeeds with a valid body and echoes a sane request id', async () => {
    const res = await t.request('/api/fixture/echo', {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'client-req.42' },
      body: JSON.stringify({ name: 'ab', count: 2 }),
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ name: 'ab', count: 2 })
    expect(res.headers.get('x-request-id')).toBe('client-req.42')
  })

  it('replaces an insane incoming request id', async () => {
    const res = await t.request('/api/nothing-here', {
      headers: { 'x-request-id': 'bad id\twith spaces and <script>' },
    })
    const body = await expectError(res, 404, 'NOT_FOUND')
    expect(body.requestId).toMatch(/^[0-9a-f-]{36}$/)
  })
})

describe.each(TEST_TARGETS)('rate limit on %s', (target) => {
  let t: TestHost
  beforeAll(async () => {
    t = await createTestHost({
      target,
      env: { RATE_LIMIT_MAX: '3', RATE_LIMIT_WINDOW_MS: '60000' },
    })
  })
  afterAll(() => t?.close())

  it('answers 429 with Retry-After once the window is used up', async () => {
    for (let i = 0; i < 3; i++) expect((await t.request('/api/core/info')).status).toBe(200)
    const res = await t.request('/api/core/info')
    await expectError(res, 429, 'RATE_LIMITED')
    const retryAfter = Number(res.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(0)
    expect(retryAfter).toBeLessThanOrEqual(60)
  })

  it('never limits liveness', async () => {
    for (let i = 0; i < 5; i++) expect((await t.request('/health')).status).toBe(200)
  })
})

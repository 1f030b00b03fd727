// @vitest-environment node
/// <reference types="node" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { createApiClient, type ApiClient } from './api-client.ts'
import { ApiError } from './api-error.ts'

type Handler = (req: IncomingMessage, res: ServerResponse, body: string) => void
let handler: Handler
let server: Server
let baseUrl: string
const seen: { headers: IncomingMessage['headers']; url: string; body: string }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      seen.push({ headers: req.headers, url: req.url ?? '', body })
      handler(req, res, body)
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  seen.length = 0
})

const json = (
  res: ServerResponse,
  status: number,
  data: unknown,
  headers: Record<string, string> = {},
) => {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers })
  res.end(JSON.stringify(data))
}
const client = (options: Parameters<typeof createApiClient>[0] = {}): ApiClient =>
  createApiClient({ baseUrl, ...options })
const failure = (promise: Promise<unknown>) =>
  promise.then(
    () => expect.fail('expected the request to fail'),
    (error: unknown) => {
      expect(error).toBeInstanceOf(ApiError)
      return error as ApiError
    },
  )

describe('createApiClient', () => {
  it('sends JSON with a fresh X-Request-ID and returns the parsed body', async () => {
    handler = (_req, res, body) => json(res, 201, { echo: body ? JSON.parse(body) : null })
    const api = client()
    const result = await api.post<{ echo: unknown }>(
      '/api/things',
      { name: 'a' },
      { query: { page: 2, skip: undefined } },
    )
    expect(result).toEqual({ echo: { name: 'a' } })
    await api.get('/api/things')
    const [first, second] = seen
    expect(first!.url).toBe('/api/things?page=2')
    expect(first!.headers['content-type']).toBe('application/json')
    expect(first!.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/)
    expect(second!.headers['x-request-id']).not.toBe(first!.headers['x-request-id'])
  })

  it('parses the platform error shape into an ApiError', async () => {
    handler = (_req, res) =>
      json(res, 422, {
        error: 'Email is invalid.',
        code: 'VALIDATION_FAILED',
        timestamp: new Date().toISOString(),
        requestId: 'req-from-body',
        details: { field: 'email' },
      })
    const error = await failure(client().get('/api/x'))
    expect(error).toMatchObject({
      status: 422,
      code: 'VALIDATION_FAILED',
      message: 'Email is invalid.',
      requestId: 'req-from-body',
      details: { field: 'email' },
    })
  })

  it('turns a non-JSON error body into an ApiError with the response X-Request-ID', async () => {
    handler = (_req, res) => {
      res.writeHead(502, { 'Content-Type': 'text/html', 'X-Request-ID': 'req-from-gateway' })
      res.end('<html>Bad gateway</html>')
    }
    const error = await failure(client().get('/api/x'))
    expect(error).toMatchObject({
      status: 502,
      code: 'INTERNAL_ERROR',
      requestId: 'req-from-gateway',
    })
  })

  it('reports a refused connection as NETWORK_ERROR with the id it sent', async () => {
    const closed = createServer()
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve))
    const port = (closed.address() as AddressInfo).port
    await new Promise((resolve) => closed.close(resolve))
    const api = createApiClient({
      baseUrl: `http://127.0.0.1:${port}`,
      createRequestId: () => 'req-1',
    })
    const error = await failure(api.get('/api/x'))
    expect(error).toMatchObject({ status: 0, code: 'NETWORK_ERROR', requestId: 'req-1' })
  })

  it('gives up after the timeout with TIMEOUT', async () => {
    handler = (_req, res) => setTimeout(() => json(res, 200, {}), 2_000)
    const started = Date.now()
    const error = await failure(client({ timeoutMs: 100 }).get('/api/slow'))
    expect(error.code).toBe('TIMEOUT')
    expect(Date.now() - started).toBeLessThan(1_500)
  })

  it('lets interceptors add headers, and removes them on request', async () => {
    handler = (_req, res) => json(res, 200, {})
    const api = client()
    const remove = api.addRequestInterceptor((request) => {
      request.headers.set('X-Tenant-ID', 'tenant-7')
    })
    await api.get('/api/x')
    remove()
    await api.get('/api/x')
    expect(seen[0]!.headers['x-tenant-id']).toBe('tenant-7')
    expect(seen[1]!.headers['x-tenant-id']).toBeUndefined()
  })

  it('tells response listeners of every attempt (status, duration, request id), and not once removed', async () => {
    handler = (req, res) =>
      req.url === '/api/fail'
        ? json(
            res,
            422,
            { error: 'Bad.', code: 'BAD_INPUT', timestamp: '', requestId: 'srv-2' },
            { 'X-Request-ID': 'srv-2' },
          )
        : json(res, 200, { ok: true }, { 'X-Request-ID': 'srv-1' })
    const api = client()
    const events: unknown[] = []
    api.addResponseListener(() => {
      throw new Error('an observer that throws changes nothing')
    })
    const remove = api.addResponseListener((event) => events.push(event))
    await expect(api.get('/api/ok', { query: { page: 2 } })).resolves.toEqual({ ok: true })
    await failure(api.post('/api/fail', { secret: 'never seen by listeners' }))
    remove()
    await api.get('/api/ok')
    expect(events).toEqual([
      expect.objectContaining({
        method: 'GET',
        path: '/api/ok?page=2',
        status: 200,
        requestId: 'srv-1',
        attempt: 1,
      }),
      expect.objectContaining({
        method: 'POST',
        path: '/api/fail',
        status: 422,
        requestId: 'srv-2',
        code: 'BAD_INPUT',
      }),
    ])
    expect(JSON.stringify(events)).not.toContain('secret')
    for (const event of events)
      expect((event as { durationMs: number }).durationMs).toBeGreaterThanOrEqual(0)
  })

  it('reports a network failure to listeners with status 0 and its code', async () => {
    const api = createApiClient({ baseUrl: 'http://127.0.0.1:1' })
    const events: { status: number; code?: string; requestId?: string }[] = []
    api.addResponseListener((event) => events.push(event))
    const error = await failure(api.get('/api/none'))
    expect(events).toEqual([
      expect.objectContaining({ status: 0, code: 'NETWORK_ERROR', requestId: error.requestId }),
    ])
  })

  it('retries a 401 once when the unauthorized hook refreshes', async () => {
    let token = 'expired'
    handler = (req, res) =>
      req.headers.authorization === 'Bearer fresh'
        ? json(res, 200, { ok: true })
        : json(res, 401, { error: 'Sign in.', code: 'UNAUTHORIZED', timestamp: '', requestId: 'r' })
    const api = client()
    api.addRequestInterceptor((request) => request.headers.set('Authorization', `Bearer ${token}`))
    let calls = 0
    api.onUnauthorized(async (error) => {
      calls += 1
      expect(error.code).toBe('UNAUTHORIZED')
      token = 'fresh'
      return true
    })
    await expect(api.get('/api/me')).resolves.toEqual({ ok: true })
    expect(calls).toBe(1)
    expect(seen.map((s) => s.headers.authorization)).toEqual(['Bearer expired', 'Bearer fresh'])
  })

  it('does not retry more than once when the retry also gets a 401', async () => {
    handler = (_req, res) =>
      json(res, 401, { error: 'Sign in.', code: 'UNAUTHORIZED', timestamp: '', requestId: 'r' })
    const api = client()
    let calls = 0
    api.onUnauthorized(() => {
      calls += 1
      return true
    })
    const error = await failure(api.get('/api/me'))
    expect(error.status).toBe(401)
    expect(calls).toBe(1)
    expect(seen).toHaveLength(2)
  })

  it('rejects a body that fails the schema with INVALID_RESPONSE', async () => {
    handler = (_req, res) => json(res, 200, { layers: 'nope' }, { 'X-Request-ID': 'req-9' })
    const schema = {
      parse(data: unknown) {
        if (!Array.isArray((data as { layers: unknown }).layers)) throw new TypeError('bad')
        return data
      },
    }
    const error = await failure(client().get('/api/core/layers', { schema }))
    expect(error).toMatchObject({ code: 'INVALID_RESPONSE', requestId: 'req-9' })
  })
})

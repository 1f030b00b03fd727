import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '../src/app.ts'
import { createLogger } from '../src/logger.ts'
import { startServer, type RunningServer } from '../src/server.ts'
import { fixtureLayersConfig, fixtureServerLayer } from './fixtures/fixture-layer.ts'
import { createTestHost, testConfig, type TestHost } from './support/test-host.ts'
import { captureOutput } from './support/logger.ts'
import { pgliteTemplate } from './support/pglite-template.ts'

const API_CSP = "default-src 'none'; frame-ancestors 'none'"

/** Headers every API answer carries, over a socket and in-process alike. */
function expectApiHeaders(headers: Headers) {
  expect(headers.get('content-security-policy')).toBe(API_CSP)
  expect(headers.get('x-content-type-options')).toBe('nosniff')
  expect(headers.get('x-frame-options')).toBe('DENY')
  expect(headers.get('cross-origin-resource-policy')).toBe('same-origin')
  // Page-only headers stay off JSON.
  expect(headers.get('permissions-policy')).toBeNull()
  expect(headers.get('cross-origin-opener-policy')).toBeNull()
}

function expectDocumentHeaders(headers: Headers) {
  const csp = headers.get('content-security-policy') ?? ''
  expect(csp).toContain("default-src 'self'")
  expect(csp).toContain("script-src 'self'")
  expect(csp).toContain("frame-ancestors 'none'")
  expect(headers.get('x-content-type-options')).toBe('nosniff')
  expect(headers.get('x-frame-options')).toBe('DENY')
  expect(headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
  expect(headers.get('permissions-policy')).toBe('camera=(), microphone=(), geolocation=()')
  expect(headers.get('cross-origin-opener-policy')).toBe('same-origin')
  expect(headers.get('vary')).toBe('Origin')
}

/** A request line in ECS field names. */
interface LogLine {
  'log.level': string
  message: string
  'http.request.method'?: string
  'url.path'?: string
  'http.response.status_code'?: number
  duration_ms?: number
  'trace.id'?: string
  '@timestamp'?: string
}

describe('over a real socket', () => {
  const { output, lines: logLines } = captureOutput()
  let host: Host
  let running: RunningServer

  beforeAll(async () => {
    const config = testConfig({
      HOST: '127.0.0.1',
      PORT: '0',
      LOG_LEVEL: 'info',
      TRUSTED_PROXIES: '127.0.0.1',
    })
    const logger = createLogger('info', output)
    host = await createHost({
      config,
      layersConfig: fixtureLayersConfig,
      extraLayers: [fixtureServerLayer],
      platform: { logger, database: await pgliteTemplate(logger) },
    })
    running = await startServer(host)
  })
  afterAll(() => running?.shutdown())

  it('sends the API set on JSON answers, errors included, and no HSTS over plain http', async () => {
    for (const path of ['/health', '/api/core/info', '/api/nothing-here']) {
      const res = await fetch(`${running.url}${path}`)
      expectApiHeaders(res.headers)
      expect(res.headers.get('cache-control')).toBe('no-store')
      expect(res.headers.get('strict-transport-security')).toBeNull()
      expect(res.headers.get('vary')).toBeNull()
    }
  })

  it('adds HSTS when a trusted proxy says the request came over https', async () => {
    const res = await fetch(`${running.url}/health`, { headers: { 'x-forwarded-proto': 'https' } })
    expect(res.headers.get('strict-transport-security')).toBe('max-age=31536000; includeSubDomains')
  })

  it('sends the full document set on pages, with a route’s own caching kept', async () => {
    const page = await fetch(`${running.url}/api/docs`)
    expect(page.headers.get('content-type')).toContain('text/html')
    expectDocumentHeaders(page.headers)
    const asset = await fetch(`${running.url}/api/docs/assets/swagger-ui.css`)
    expectDocumentHeaders(asset.headers)
    expect(asset.headers.get('cache-control')).toBe('public, max-age=86400')
  })

  it('writes one JSON line per request in ECS names: method, path, status, duration and trace id', async () => {
    const ok = await fetch(`${running.url}/api/core/info?ignored=query`)
    const failed = await fetch(`${running.url}/api/fixture/boom`, {
      headers: { 'x-request-id': 'log-line-check-500' },
    })
    expect(failed.status).toBe(500)
    const lines = (logLines() as unknown as LogLine[]).filter((line) => line.message === 'request')
    const okLine = lines.find((line) => line['trace.id'] === ok.headers.get('x-request-id'))
    expect(okLine).toMatchObject({
      'log.level': 'info',
      'http.request.method': 'GET',
      'url.path': '/api/core/info',
      'http.response.status_code': 200,
    })
    expect(okLine!.duration_ms).toBeGreaterThanOrEqual(0)
    expect(Number.isNaN(Date.parse(okLine!['@timestamp'] ?? ''))).toBe(false)
    expect(lines.find((line) => line['trace.id'] === 'log-line-check-500')).toMatchObject({
      'log.level': 'error',
      'url.path': '/api/fixture/boom',
      'http.response.status_code': 500,
    })
    // Exactly one line per request.
    expect(lines.filter((line) => line['trace.id'] === 'log-line-check-500')).toHaveLength(1)
  })
})

describe('in-process requests', () => {
  let t: TestHost
  beforeAll(async () => {
    t = await createTestHost({
      target: 'embedded',
      layersConfig: fixtureLayersConfig,
      extraLayers: [fixtureServerLayer],
    })
  })
  afterAll(() => t?.close())

  it('get the same sets as the Node server', async () => {
    const api = await t.request('/health')
    expectApiHeaders(api.headers)
    expect(api.headers.get('strict-transport-security')).toBeNull()
    expectDocumentHeaders((await t.request('/api/docs')).headers)
    const secure = await t.request('https://stratum.localhost/health')
    expect(secure.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    )
  })
})

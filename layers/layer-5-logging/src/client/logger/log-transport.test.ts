// @vitest-environment node
/// <reference types="node" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApiClient } from '@stratum/layer-core/client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { logBatchBodySchema, logErrorBodySchema } from '../../shared/ingest-schemas.ts'
import { createBrowserLogger } from './browser-logger.ts'
import { apiLogTransport, retryableLogFailure } from './log-transport.ts'

type Handler = (req: IncomingMessage, res: ServerResponse) => void
let server: Server
let baseUrl: string
let handler: Handler
const seen: { url: string; body: unknown }[] = []

beforeAll(async () => {
  server = createServer((req, res) => {
    let body = ''
    req.on('data', (chunk: Buffer) => (body += chunk.toString()))
    req.on('end', () => {
      seen.push({ url: req.url ?? '', body: body ? JSON.parse(body) : undefined })
      handler(req, res)
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
  handler = accept
})

const accept: Handler = (_req, res) => {
  res.writeHead(202, { 'Content-Type': 'application/json' })
  res.end(JSON.stringify({ accepted: 1 }))
}
const fail =
  (status: number): Handler =>
  (_req, res) => {
    res.writeHead(status, { 'Content-Type': 'application/json' })
    res.end(JSON.stringify({ error: 'x', code: 'X', timestamp: '', requestId: 'r' }))
  }
const entry = (level: 'INFO' | 'ERROR', message: string) => ({
  level,
  message,
  timestamp: new Date().toISOString(),
})

describe('apiLogTransport', () => {
  it('posts a lone error to /error and the rest to /batch, in bodies the server schemas accept', async () => {
    const transport = apiLogTransport(createApiClient({ baseUrl }), 'session-1', '/api/logs')
    await transport.send([entry('ERROR', 'boom')])
    await transport.send([entry('INFO', 'a'), entry('ERROR', 'b')])
    expect(seen.map((s) => s.url)).toEqual(['/api/logs/error', '/api/logs/batch'])
    expect(logErrorBodySchema.parse(seen[0]!.body).entry.message).toBe('boom')
    expect(logBatchBodySchema.parse(seen[1]!.body).entries).toHaveLength(2)
  })

  it('hands a page-hide batch to sendBeacon at the batch URL', async () => {
    const beacons: { url: string; body: unknown; type: string }[] = []
    const transport = apiLogTransport(
      createApiClient({ baseUrl }),
      'session-2',
      '/api/logs',
      (url, data) => {
        void data
          .text()
          .then((text) => beacons.push({ url, body: JSON.parse(text), type: data.type }))
        return true
      },
    )
    expect(transport.beacon([entry('INFO', 'bye')])).toBe(true)
    await new Promise((resolve) => setTimeout(resolve, 10))
    expect(beacons).toEqual([
      {
        url: `${baseUrl}/api/logs/batch`,
        type: 'application/json',
        body: { sessionId: 'session-2', entries: [expect.objectContaining({ message: 'bye' })] },
      },
    ])
    expect(
      apiLogTransport(createApiClient({ baseUrl }), 's', '/api/logs', undefined).beacon([]),
    ).toBe(false)
  })

  it('gets a batch through after the server failed twice, with the logger retrying', async () => {
    let failures = 2
    handler = (req, res) => (failures-- > 0 ? fail(503)(req, res) : accept(req, res))
    const api = createApiClient({ baseUrl })
    const logger = createBrowserLogger({
      transport: apiLogTransport(api, 'session-3', '/api/logs'),
      retryable: retryableLogFailure,
      retryBaseMs: 10,
    })
    logger.error('boom')
    await logger.flush()
    await new Promise((resolve) => setTimeout(resolve, 100))
    expect(seen).toHaveLength(3)
    expect(logger.dropped).toBe(0)
  })

  it('does not retry a batch the server refused as invalid, and retries 429 and no answer', async () => {
    handler = fail(400)
    const api = createApiClient({ baseUrl })
    const logger = createBrowserLogger({
      transport: apiLogTransport(api, 'session-4', '/api/logs'),
      retryable: retryableLogFailure,
      retryBaseMs: 10,
    })
    logger.error('refused')
    await logger.flush()
    expect(seen).toHaveLength(1)
    expect(logger.dropped).toBe(1)
    const failure = () => api.get('/x').catch((e: unknown) => e)
    handler = fail(429)
    expect(retryableLogFailure(await failure())).toBe(true)
    expect(
      retryableLogFailure(
        await createApiClient({ baseUrl: 'http://127.0.0.1:1' })
          .get('/x')
          .catch((e: unknown) => e),
      ),
    ).toBe(true)
  })
})

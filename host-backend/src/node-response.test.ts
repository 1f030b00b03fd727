import { createServer, request, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { StratumResponse } from './node-response.ts'

let server: Server | undefined
afterEach(
  () => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())),
)

/** Serves one handler with StratumResponse and returns the raw header lines of one GET. */
async function exchange(handle: (res: StratumResponse) => void): Promise<{
  status: number
  message: string
  headers: IncomingHttpHeaders
  raw: string[]
  body: string
}> {
  server = createServer({ ServerResponse: StratumResponse }, (_req, res) =>
    handle(res as StratumResponse),
  )
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return new Promise((resolve, reject) => {
    request({ host: '127.0.0.1', port, path: '/' }, (res) => {
      let body = ''
      res.on('data', (chunk: Buffer) => (body += chunk.toString()))
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          message: res.statusMessage ?? '',
          headers: res.headers,
          raw: res.rawHeaders,
          body,
        }),
      )
    })
      .on('error', reject)
      .end()
  })
}

const names = (raw: string[]) => raw.filter((_, i) => i % 2 === 0).map((n) => n.toLowerCase())

describe('StratumResponse', () => {
  it('sends fixed headers with the ones passed to writeHead', async () => {
    const reply = await exchange((res) => {
      res.fixHeaders(['X-Content-Type-Options', 'nosniff', 'Cache-Control', 'no-store'])
      res.fixHeader('X-Request-ID', 'abc')
      res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}')
    })
    expect(reply.headers).toMatchObject({
      'x-content-type-options': 'nosniff',
      'cache-control': 'no-store',
      'x-request-id': 'abc',
      'content-type': 'application/json',
    })
    expect(reply.body).toBe('{}')
  })

  it('lets the handler’s own value win, whatever its case, and sends the name once', async () => {
    const reply = await exchange((res) => {
      res.fixHeaders(['Cache-Control', 'no-store'])
      res.writeHead(200, { 'cache-control': 'public, max-age=60' }).end()
    })
    expect(reply.headers['cache-control']).toBe('public, max-age=60')
    expect(names(reply.raw).filter((n) => n === 'cache-control')).toHaveLength(1)
  })

  it('replaces a fixed value set twice', async () => {
    const reply = await exchange((res) => {
      res.fixHeader('Vary', 'Accept')
      res.fixHeader('vary', 'Origin')
      res.end()
    })
    expect(reply.headers.vary).toBe('Origin')
    expect(names(reply.raw).filter((n) => n === 'vary')).toHaveLength(1)
  })

  it('falls back to setHeader when someone used it, and setHeader’s value wins', async () => {
    const reply = await exchange((res) => {
      res.fixHeaders(['X-Frame-Options', 'DENY', 'Cache-Control', 'no-store'])
      res.setHeader('Cache-Control', 'private')
      res.writeHead(201, { 'Content-Type': 'text/plain' }).end('made')
    })
    expect(reply.status).toBe(201)
    expect(reply.headers).toMatchObject({
      'x-frame-options': 'DENY',
      'cache-control': 'private',
      'content-type': 'text/plain',
    })
    expect(names(reply.raw).filter((n) => n === 'cache-control')).toHaveLength(1)
  })

  it('keeps a reason phrase, repeated Set-Cookie fields and implicit headers', async () => {
    const withReason = await exchange((res) => {
      res.fixHeaders(['X-Content-Type-Options', 'nosniff'])
      res.writeHead(202, 'Queued', { 'Set-Cookie': ['a=1; Path=/', 'b=2; Path=/'] }).end()
    })
    expect(withReason.message).toBe('Queued')
    expect(withReason.headers['set-cookie']).toEqual(['a=1; Path=/', 'b=2; Path=/'])
    expect(withReason.headers['x-content-type-options']).toBe('nosniff')

    const implicit = await exchange((res) => {
      res.fixHeaders(['X-Content-Type-Options', 'nosniff'])
      res.end('plain')
    })
    expect(implicit.status).toBe(200)
    expect(implicit.headers['x-content-type-options']).toBe('nosniff')
    expect(implicit.body).toBe('plain')
  })

  it('still validates header values', async () => {
    const reply = await exchange((res) => {
      res.fixHeader('X-Bad', 'line\r\nbreak')
      try {
        res.writeHead(200).end()
      } catch (error) {
        res.fixedHeaders.length = 0
        res.writeHead(500, { 'X-Error': (error as { code?: string }).code ?? 'unknown' }).end()
      }
    })
    expect(reply.status).toBe(500)
    expect(reply.headers['x-error']).toBe('ERR_INVALID_CHAR')
  })
})

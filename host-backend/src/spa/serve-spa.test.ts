import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib'
import { Hono } from 'hono'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { pickEncoding } from './accept-encoding.ts'
import { serveSpa } from './serve-spa.ts'

const script = `export const greeting = ${JSON.stringify('hello '.repeat(400))}\n`
const html = `<!doctype html><html><head><title>App</title></head><body>${'<p></p>'.repeat(100)}</body></html>`
let dir: string
let app: Hono

/** A build folder as Vite and the precompress plugin leave it. */
beforeAll(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'stratum-spa-'))
  await mkdir(path.join(dir, 'assets'))
  await mkdir(path.join(dir, '.vite'))
  const write = (name: string, body: string | Buffer) => writeFile(path.join(dir, name), body)
  await write('index.html', html)
  await write('index.html.br', brotliCompressSync(html))
  await write('index.html.gz', gzipSync(html))
  await write('assets/app-Ab12.js', script)
  await write('assets/app-Ab12.js.br', brotliCompressSync(script))
  await write('assets/app-Ab12.js.gz', gzipSync(script))
  await write('assets/logo-Cd34.png', Buffer.from([0x89, 0x50, 0x4e, 0x47]))
  await write('.vite/manifest.json', '{}')
  app = new Hono()
  app.use(await serveSpa(dir))
  app.get('/api/ping', (c) => c.text('pong'))
})
afterAll(() => rm(dir, { recursive: true, force: true }))

const get = (url: string, headers: Record<string, string> = {}) => app.request(url, { headers })

describe('serveSpa', () => {
  it('sends a hashed script as brotli when accepted, immutable for a year', async () => {
    const res = await get('/assets/app-Ab12.js', { 'Accept-Encoding': 'gzip, deflate, br' })
    expect(res.status).toBe(200)
    expect(res.headers.get('content-encoding')).toBe('br')
    expect(res.headers.get('content-type')).toBe('text/javascript; charset=utf-8')
    expect(res.headers.get('vary')).toBe('Accept-Encoding')
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    const body = Buffer.from(await res.arrayBuffer())
    expect(body.length).toBeLessThan(script.length / 10)
    expect(brotliDecompressSync(body).toString()).toBe(script)
  })

  it('sends gzip to a client without brotli, and the file as is to one that takes neither', async () => {
    const gz = await get('/assets/app-Ab12.js', { 'Accept-Encoding': 'gzip' })
    expect(gz.headers.get('content-encoding')).toBe('gzip')
    expect(gunzipSync(Buffer.from(await gz.arrayBuffer())).toString()).toBe(script)

    const plain = await get('/assets/app-Ab12.js')
    expect(plain.headers.get('content-encoding')).toBeNull()
    expect(plain.headers.get('vary')).toBe('Accept-Encoding')
    expect(await plain.text()).toBe(script)

    const refused = await get('/assets/app-Ab12.js', { 'Accept-Encoding': 'br;q=0, gzip;q=0' })
    expect(refused.headers.get('content-encoding')).toBeNull()
  })

  it('revalidates index.html, also for client routes, and answers 304 per encoding', async () => {
    const res = await get('/app/clients', { 'Accept-Encoding': 'br' })
    expect(res.headers.get('cache-control')).toBe('no-cache')
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8')
    expect(res.headers.get('content-encoding')).toBe('br')
    const etag = res.headers.get('etag')!
    const again = await get('/', { 'Accept-Encoding': 'br', 'If-None-Match': etag })
    expect(again.status).toBe(304)
    expect(again.headers.get('vary')).toBe('Accept-Encoding')
    // The gzip copy is another representation, with its own tag.
    const gz = await get('/', { 'Accept-Encoding': 'gzip', 'If-None-Match': etag })
    expect(gz.status).toBe(200)
    expect(gz.headers.get('etag')).not.toBe(etag)
  })

  it('sends files without a precompressed copy as they are, without Vary', async () => {
    const res = await get('/assets/logo-Cd34.png', { 'Accept-Encoding': 'br, gzip' })
    expect(res.headers.get('content-type')).toBe('image/png')
    expect(res.headers.get('content-encoding')).toBeNull()
    expect(res.headers.get('vary')).toBeNull()
  })

  it('never serves the compressed copies or the build manifest by name, nor touches /api', async () => {
    expect((await get('/assets/app-Ab12.js.br')).status).toBe(404)
    expect((await get('/.vite/manifest.json')).status).toBe(404)
    expect(await (await get('/api/ping')).text()).toBe('pong')
  })
})

describe('pickEncoding', () => {
  it('prefers brotli, honours q-values and the wildcard', () => {
    expect(pickEncoding('gzip, br', ['br', 'gzip'])).toBe('br')
    expect(pickEncoding('br;q=0.5, gzip;q=0.9', ['br', 'gzip'])).toBe('gzip')
    expect(pickEncoding('*', ['br', 'gzip'])).toBe('br')
    expect(pickEncoding('*;q=0, gzip', ['br', 'gzip'])).toBe('gzip')
    expect(pickEncoding('BR', ['gzip'])).toBeUndefined()
    expect(pickEncoding('identity', ['br', 'gzip'])).toBeUndefined()
    expect(pickEncoding(undefined, ['br'])).toBeUndefined()
  })
})

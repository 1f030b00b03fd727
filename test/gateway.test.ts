import { type ChildProcess, spawn } from 'node:child_process'
import { createHash } from 'node:crypto'
import {
  chmodSync,
  closeSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest'
import { findTool, needs } from './support/tools.ts'

const root = fileURLToPath(new URL('..', import.meta.url))
const nginx = findTool('nginx')

/**
 * Runs gateway/nginx.prod.conf for real: a built-SPA stand-in as its root and a stub backend as
 * its upstream, on free local ports. Only the listen address, root, pid file and upstream host
 * differ from the file that ships.
 */
describe.skipIf(!nginx)(needs(nginx, 'nginx', 'production gateway (nginx.prod.conf)'), () => {
  let dir: string
  let backend: Server
  let gateway: ChildProcess
  let base: string
  const seen: { url: string; headers: IncomingHttpHeaders }[] = []

  const listenOnFreePort = (server: Server) =>
    new Promise<number>((ok) =>
      server.listen(0, '127.0.0.1', () => ok((server.address() as AddressInfo).port)),
    )

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'stratum-gateway-'))
    const html = join(dir, 'html')
    mkdirSync(join(html, 'assets'), { recursive: true })
    writeFileSync(join(html, 'index.html'), '<!doctype html><title>spa</title>')
    writeFileSync(
      join(html, 'assets', 'app-3f2a1b.js'),
      `console.log(${JSON.stringify('x'.repeat(4000))})`,
    )
    writeFileSync(join(html, '.stratum-build-hash'), 'abc\n')
    // nginx workers run as `nobody` when the master is root.
    for (const path of [dir, html, join(html, 'assets')]) chmodSync(path, 0o755)

    backend = createServer((req, res) => {
      seen.push({ url: req.url ?? '', headers: req.headers })
      res.setHeader('X-Frame-Options', 'SAMEORIGIN')
      res.setHeader('Content-Type', 'application/json')
      res.end(JSON.stringify({ ok: true }))
    })
    const backendPort = await listenOnFreePort(backend)
    const probe = createServer()
    const gatewayPort = await listenOnFreePort(probe)
    await new Promise((ok) => probe.close(ok))

    const conf = readFileSync(join(root, 'gateway/nginx.prod.conf'), 'utf8')
      .replace('server backend:3000', `server 127.0.0.1:${backendPort}`)
      .replace('listen 8080 default_server;', `listen 127.0.0.1:${gatewayPort} default_server;`)
      .replace('listen [::]:8080 default_server;', '')
      .replace('root /usr/share/nginx/html;', `root ${html};`)
      .replace('pid /tmp/nginx.pid;', `pid ${dir}/nginx.pid;`)
    writeFileSync(join(dir, 'nginx.conf'), conf)
    const log = openSync(join(dir, 'nginx.log'), 'w')
    gateway = spawn(
      nginx!,
      ['-p', `${dir}/`, '-e', 'stderr', '-c', join(dir, 'nginx.conf'), '-g', 'daemon off;'],
      {
        stdio: ['ignore', log, log],
      },
    )
    closeSync(log)
    base = `http://127.0.0.1:${gatewayPort}`
    for (let i = 0; i < 100; i++) {
      if (gateway.exitCode !== null) break
      if (
        await fetch(`${base}/gateway-health`).then(
          (r) => r.ok,
          () => false,
        )
      )
        return
      await new Promise((r) => setTimeout(r, 50))
    }
    throw new Error(`nginx did not start:\n${readFileSync(join(dir, 'nginx.log'), 'utf8')}`)
  })

  afterAll(async () => {
    if (gateway && gateway.exitCode === null) {
      gateway.kill('SIGQUIT')
      await new Promise((ok) => gateway.once('exit', ok))
    }
    await new Promise((ok) => backend?.close(ok))
    if (dir) rmSync(dir, { recursive: true, force: true })
  })

  it('serves hashed assets as immutable and gzipped, with the security headers', async () => {
    const res = await fetch(`${base}/assets/app-3f2a1b.js`, {
      headers: { 'Accept-Encoding': 'gzip' },
    })
    expect(res.status).toBe(200)
    expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable')
    expect(res.headers.get('content-encoding')).toBe('gzip')
    expect(res.headers.get('x-content-type-options')).toBe('nosniff')
    expect(res.headers.get('content-security-policy')).toContain("script-src 'self'")
    expect(res.headers.get('strict-transport-security')).toContain('max-age=31536000')
  })

  it('revalidates index.html and falls back to it for client routes, not for missing files', async () => {
    const index = await fetch(`${base}/`)
    expect(index.headers.get('cache-control')).toBe('no-cache')
    const route = await fetch(`${base}/auth/login`)
    expect(route.status).toBe(200)
    expect(await route.text()).toContain('<title>spa</title>')
    expect(route.headers.get('cache-control')).toBe('no-cache')
    expect((await fetch(`${base}/assets/missing-123.js`)).status).toBe(404)
    expect((await fetch(`${base}/favicon-missing.png`)).status).toBe(404)
    expect((await fetch(`${base}/.stratum-build-hash`)).status).toBe(404)
  })

  it('proxies /api/ and /health with forwarding headers and a request id', async () => {
    seen.length = 0
    const res = await fetch(`${base}/api/core/layers?x=1`, {
      headers: { 'X-Request-ID': 'req-123' },
    })
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({ ok: true })
    expect(seen[0]?.url).toBe('/api/core/layers?x=1')
    expect(seen[0]?.headers['x-request-id']).toBe('req-123')
    expect(seen[0]?.headers['x-forwarded-for']).toBe('127.0.0.1')
    expect(seen[0]?.headers['x-forwarded-proto']).toBe('http')
    // One X-Frame-Options: the gateway's, not a second one from the backend.
    expect(res.headers.get('x-frame-options')).toBe('DENY')
    expect(res.headers.get('cache-control')).toBeNull()

    await fetch(`${base}/health`, { headers: { 'X-Request-ID': 'bad id with spaces' } })
    expect(seen[1]?.url).toBe('/health')
    expect(seen[1]?.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/)
  })

  it('keeps invite tokens out of the access log, and other queries in it', async () => {
    const secret = 'inviteSecret0123456789abcdefghijklmnopqrstuvw'
    const urls = [
      // An invite link mailed before tokens moved to the fragment.
      `/invites/accept?token=${secret}`,
      // A sign-in page reloaded on its way back to an invite link.
      `/login?redirect=${encodeURIComponent(`/invites/accept#token=${secret}`)}`,
      '/api/ping?page=2',
    ]
    for (const url of urls) expect((await fetch(`${base}${url}`)).status).toBe(200)
    const log = () => readFileSync(join(dir, 'nginx.log'), 'utf8')
    await vi.waitFor(() => expect(log()).toContain('"GET /api/ping?page=2 HTTP/1.1" 200'))
    expect(log()).not.toContain(secret)
    expect(log()).toContain('"GET /invites/accept?[redacted] HTTP/1.1" 200')
    expect(log()).toContain('"GET /login?[redacted] HTTP/1.1" 200')
  })

  it('reuses upstream connections (keepalive)', async () => {
    const before = seen.length
    await Promise.all(Array.from({ length: 5 }, () => fetch(`${base}/api/ping`)))
    for (let i = 0; i < 5; i++) await fetch(`${base}/api/ping`)
    expect(seen.length - before).toBe(10)
    expect(seen.slice(before).every((s) => s.headers.connection !== 'close')).toBe(true)
  })

  // The rate limits last: they leave this address's buckets full. All requests come from
  // 127.0.0.1, so they show what an office behind one NAT address gets.
  const statuses = (count: number, path: string, init: (i: number) => RequestInit) =>
    Promise.all(
      Array.from({ length: count }, (_, i) =>
        fetch(`${base}${path}`, init(i)).then(async (r) => (await r.arrayBuffer(), r.status)),
      ),
    )
  // Shaped like the auth layer's HS256 access tokens: they end in a 43-character signature.
  const jwt = (n: number) =>
    `eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiJ${n}In0.${createHash('sha256').update(String(n)).digest('base64url')}`
  const refusedBy = (zone: string) =>
    readFileSync(join(dir, 'nginx.log'), 'utf8').includes(`by zone "${zone}"`)

  it('limits /api/ per session: one token is turned away where as many tokens from one address are not', async () => {
    const one = await statuses(90, '/api/ping', () => ({
      headers: { Authorization: `Bearer ${jwt(1)}` },
    }))
    expect(one.filter((s) => s === 429).length).toBeGreaterThan(0)
    expect(one.filter((s) => s === 200).length).toBeGreaterThanOrEqual(50)
    await vi.waitFor(() => expect(refusedBy('api_session')).toBe(true))

    const many = await statuses(90, '/api/ping', (i) => ({
      headers: { Authorization: `Bearer ${jwt(1000 + i)}` },
    }))
    expect(many.every((s) => s === 200)).toBe(true)
    // The SPA's cookie, __Host- prefixed over https, is a session key too.
    const cookies = await statuses(90, '/api/ping', (i) => ({
      headers: { Cookie: `theme=dark; __Host-stratum_at=${jwt(2000 + i)}` },
    }))
    expect(cookies.every((s) => s === 200)).toBe(true)
  })

  it('limits sign-in per address, whatever token the requests carry; the rest of /api/auth/ is session traffic', async () => {
    const signIn = await statuses(30, '/api/auth/request-otp', (i) => ({
      method: 'POST',
      headers: { Authorization: `Bearer ${jwt(3000 + i)}`, 'Content-Type': 'application/json' },
      body: '{}',
    }))
    expect(signIn.filter((s) => s === 429).length).toBeGreaterThan(0)
    expect(signIn.filter((s) => s === 200).length).toBeLessThanOrEqual(15)
    await vi.waitFor(() => expect(refusedBy('auth')).toBe(true))

    const me = await statuses(30, '/api/auth/me', (i) => ({
      headers: { Authorization: `Bearer ${jwt(4000 + i)}` },
    }))
    expect(me.every((s) => s === 200)).toBe(true)
  })

  it('holds one address to its ceiling however many tokens it makes up', async () => {
    // Let the address bucket drain from the tests above (a burst of 400 at 100 r/s).
    await new Promise((r) => setTimeout(r, 4_100))
    let passed = 0
    let refused = 0
    for (let wave = 0; wave < 10 && refused === 0; wave++) {
      const replies = await statuses(200, '/api/ping', (i) => ({
        headers: { Authorization: `Bearer ${jwt(10_000 + wave * 1000 + i)}` },
      }))
      passed += replies.filter((s) => s === 200).length
      refused += replies.filter((s) => s === 429).length
    }
    expect(refused).toBeGreaterThan(0)
    // The 400-request burst went through first: no per-session limit applied to these.
    expect(passed).toBeGreaterThanOrEqual(400)
    await vi.waitFor(() => expect(refusedBy('api_address')).toBe(true))
  }, 20_000)
})

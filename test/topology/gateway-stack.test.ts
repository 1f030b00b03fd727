import { execFileSync } from 'node:child_process'
import { existsSync, rmSync } from 'node:fs'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../../scripts/lib/stack.mjs'
import { findTool, needs } from '../support/tools.ts'
import { accessLogLine, direct, sleep, sql, spaFixture, viaGateway } from './support.ts'

const nginx = findTool('nginx')
/** Low, so a handful of requests reaches it; /health* and static files are not counted. */
const RATE_LIMIT_MAX = 12
const ADMIN_URL =
  process.env.STRATUM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/**
 * The topology `pnpm stack:prod` runs (scripts/lib/stack.mjs): nginx with gateway/nginx.prod.conf
 * over TLS, two production replicas on the real PostgreSQL and Redis, real SMTP. Requests that
 * reach /api/ carry an X-Forwarded-For of their own: the replicas trust the gateway's forwarding
 * headers, so each test is its own client and the shared rate limit does not mix them up.
 */
describe.skipIf(!nginx)(
  needs(nginx, 'nginx', 'production topology: gateway and shared state'),
  () => {
    let stack: Stack
    let spaDir: string

    beforeAll(async () => {
      spaDir = spaFixture()
      stack = await startStack({
        spaDir,
        postgresAdminUrl: ADMIN_URL,
        env: { RATE_LIMIT_MAX: String(RATE_LIMIT_MAX) },
      })
    }, 90_000)

    afterAll(async () => {
      await stack?.stop()
      if (spaDir) rmSync(spaDir, { recursive: true, force: true })
    }, 60_000)

    it('redirects http to https and serves the SPA over TLS: hashed assets immutable, index.html revalidated, client routes fall back', async () => {
      const redirect = await direct(stack.httpPort, '/auth/login?next=%2Fapp')
      expect(redirect.status).toBe(301)
      expect(redirect.headers.location).toBe(
        `https://localhost:${stack.httpsPort}/auth/login?next=%2Fapp`,
      )

      const asset = await viaGateway(stack, '/assets/app-5d41402a.js')
      expect(asset.status).toBe(200)
      expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable')
      const index = await viaGateway(stack, '/')
      expect(index.headers['cache-control']).toBe('no-cache')
      const route = await viaGateway(stack, '/tenants/acme/settings')
      expect(route.status).toBe(200)
      expect(route.body).toContain('<title>stratum spa</title>')
      expect(route.headers['cache-control']).toBe('no-cache')
      expect((await viaGateway(stack, '/assets/app-missing.js')).status).toBe(404)
    })

    it('sends the security headers on every response, errors included', async () => {
      const replies = [
        await viaGateway(stack, '/'),
        await viaGateway(stack, '/assets/app-missing.js'),
        await viaGateway(stack, '/api/no-such-route', {
          headers: { 'X-Forwarded-For': '198.51.100.1' },
        }),
      ]
      expect(replies.map((r) => r.status)).toEqual([200, 404, 404])
      for (const reply of replies) {
        expect(reply.headers['strict-transport-security']).toBe(
          'max-age=31536000; includeSubDomains',
        )
        expect(reply.headers['x-content-type-options']).toBe('nosniff')
        expect(reply.headers['x-frame-options']).toBe('DENY')
        expect(reply.headers['content-security-policy']).toContain("frame-ancestors 'none'")
      }
    })

    it('proxies /health and /health/ready; a sane X-Request-ID is passed on and echoed by the replica, otherwise nginx makes one', async () => {
      expect((await viaGateway(stack, '/health')).json()).toEqual({ status: 'ok' })
      const ready = await viaGateway(stack, '/health/ready', {
        headers: { 'X-Request-ID': 'topology-req-1' },
      })
      expect(ready.status).toBe(200)
      expect(ready.json()).toMatchObject({
        status: 'ready',
        checks: { database: 'up', cache: 'up' },
      })
      // One value: the replica's echo, not a second copy from the gateway.
      expect(ready.headers['x-request-id']).toBe('topology-req-1')
      expect(await accessLogLine(stack, /rid=topology-req-1 /)).toMatch(
        /"GET \/health\/ready HTTP\/1\.1" 200 .*upstream=127\.0\.0\.1:\d+/,
      )

      const generated = await viaGateway(stack, '/health/ready', {
        headers: { 'X-Request-ID': 'spaces are not sane' },
      })
      expect(generated.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/)
      expect(
        await accessLogLine(stack, new RegExp(`rid=${generated.headers['x-request-id']} `)),
      ).toBeDefined()
    })

    it('signs in through the gateway with a code sent over real SMTP; the replica believes the forwarded https, and the session works on both replicas', async () => {
      const email = 'topology-sign-in@example.com'
      const client = { 'X-Forwarded-For': '198.51.100.2', 'Accept-Language': 'en-US' }
      const asked = await viaGateway(stack, '/api/auth/request-otp', {
        json: { email },
        headers: client,
      })
      expect(asked.status).toBe(202)
      const mail = await stack.smtp!.waitFor((m) =>
        [m.to].flat().some((to) => to?.text.includes(email)),
      )
      const code = /\b(\d{6})\b/.exec(mail.text ?? '')?.[1]
      expect(code).toBeDefined()

      const verified = await viaGateway(stack, '/api/auth/verify-otp', {
        json: { email, code },
        headers: client,
      })
      expect(verified.status).toBe(200)
      // __Host- cookies are set only when the replica sees https: it trusted X-Forwarded-Proto.
      expect(String(verified.headers['set-cookie'])).toMatch(/__Host-stratum_at=[^;]+;.*Secure/)
      const token = verified.json<{ accessToken: string }>().accessToken

      for (const backend of stack.backends) {
        const me = await direct(backend.port, '/api/auth/me', {
          headers: { ...client, Authorization: `Bearer ${token}` },
        })
        expect(me.status, backend.url).toBe(200)
        expect(me.json<{ user: { email: string } }>().user.email).toBe(email)
      }
    })

    it('keeps one rate-limit counter for both replicas (Redis), for the client address the gateway forwards', async () => {
      // A fixed window: start well inside one, so the count cannot reset halfway.
      const windowMs = 60_000
      if (Date.now() % windowMs > windowMs - 5_000)
        await sleep(windowMs - (Date.now() % windowMs) + 50)
      const client = { 'X-Forwarded-For': '203.0.113.77' }
      const remaining: string[] = []
      for (let i = 0; i < RATE_LIMIT_MAX; i++) {
        const backend = stack.backends[i % 2]!
        const reply = await direct(backend.port, '/api/core/layers', { headers: client })
        expect(reply.status, `request ${i + 1} to ${backend.url}`).toBe(200)
        remaining.push(String(reply.headers['ratelimit-remaining']))
      }
      // Counted down across the replicas, not per replica.
      expect(remaining).toEqual(
        Array.from({ length: RATE_LIMIT_MAX }, (_, i) => String(RATE_LIMIT_MAX - 1 - i)),
      )

      for (const backend of stack.backends) {
        const refused = await direct(backend.port, '/api/core/layers', { headers: client })
        expect(refused.status, backend.url).toBe(429)
        expect(Number(refused.headers['retry-after'])).toBeGreaterThan(0)
        expect(refused.json()).toMatchObject({ code: 'RATE_LIMITED' })
      }
      const throughGateway = await viaGateway(stack, '/api/core/layers', { headers: client })
      expect(throughGateway.status).toBe(429)
      expect(Number(throughGateway.headers['retry-after'])).toBeGreaterThan(0)
      // Another client is not affected.
      expect(
        (
          await viaGateway(stack, '/api/core/layers', {
            headers: { 'X-Forwarded-For': '203.0.113.78' },
          })
        ).status,
      ).toBe(200)
    })

    it('turns a burst on /api/auth/ away at the gateway with 429 and Retry-After, before it reaches a replica', async () => {
      // 5 r/s with a burst of 10 per client address at the gateway; the replicas allow far more.
      const replies = await Promise.all(
        Array.from({ length: 25 }, (_, i) =>
          viaGateway(stack, '/api/auth/request-otp', {
            json: { email: 'not-an-email' },
            headers: { 'X-Forwarded-For': `198.51.100.${50 + i}` },
          }),
        ),
      )
      const refused = replies.filter((r) => r.status === 429)
      expect(refused.length).toBeGreaterThan(0)
      expect(replies.filter((r) => r.status === 400).length).toBeGreaterThan(0)
      for (const reply of refused) {
        expect(reply.headers['retry-after']).toBe('1')
        expect(reply.json()).toMatchObject({ code: 'RATE_LIMITED' })
        expect(reply.headers['x-request-id']).toMatch(/^[0-9a-f]{32}$/)
        expect(reply.headers['strict-transport-security']).toBeDefined()
      }
      // Let the bucket refill for whatever runs next.
      await sleep(2_500)
    })

    it('stops everything: nginx quits, both replicas drain and exit 0, the database, Redis keys and temp files are gone', async () => {
      const { stateDir, database, cachePrefix } = stack
      const redisUrl = new URL(stack.redisUrl)
      const redisKeys = () =>
        execFileSync(
          'redis-cli',
          [
            '-h',
            redisUrl.hostname,
            '-p',
            redisUrl.port || '6379',
            '--scan',
            '--pattern',
            `${cachePrefix}*`,
          ],
          { encoding: 'utf8' },
        ).trim()
      expect(redisKeys()).not.toBe('')
      const pids = [stack.gateway.proc.pid, ...stack.backends.map((b) => b.pid)]
      const report = await stack.stop()
      expect(report.errors).toEqual([])
      expect(report.gateway).toMatchObject({ code: 0, forced: false })
      expect(report.backends.map((b) => [b.index, b.code, b.forced])).toEqual([
        [1, 0, false],
        [2, 0, false],
      ])
      for (const pid of pids) expect(() => process.kill(pid, 0), `pid ${pid}`).toThrow()
      expect(existsSync(stateDir)).toBe(false)
      expect(
        sql(ADMIN_URL, `select count(*) from pg_database where datname = '${database.name}'`),
      ).toEqual([['0']])
      expect(redisKeys()).toBe('')
    }, 60_000)
  },
)

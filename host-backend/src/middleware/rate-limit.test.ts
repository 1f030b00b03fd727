import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { type CacheStore } from '@stratum/layer-core/server'
import { captureLogger } from '../../test/support/logger.ts'
import { errorHandler } from '../errors/error-handler.ts'
import { LocalWindowCounter } from './local-window-counter.ts'
import { rateLimit } from './rate-limit.ts'
import { switchableCache } from '../../test/support/switchable-cache.ts'

function limitedApp(cache: CacheStore, max: number, ipMax = 1000) {
  const { logger, entries } = captureLogger()
  const app = new Hono()
    .use(async (c, next) => {
      c.set('clientIp', c.req.header('x-ip') ?? '127.0.0.1')
      await next()
    })
    .use(rateLimit({ cache, max, ipMax, windowMs: 60_000, logger }))
    .get('/api/thing', (c) => c.json({ ok: true }))
    .onError(errorHandler(logger))
  const request = (ip: string, headers: Record<string, string> = {}) =>
    app.request('/api/thing', { headers: { 'x-ip': ip, ...headers } })
  const get = async (ip: string, headers?: Record<string, string>) => {
    const res = await request(ip, headers)
    return res.status === 429 ? `429 after ${res.headers.get('retry-after')} s` : res.status
  }
  return { get, request, entries }
}

/** JWT-shaped, as the auth layer's access tokens are; the limiter does not verify them. */
const token = (n: number) => `eyJhbGciOiJIUzI1NiJ9.eyJzaWQiOiIke${n}fQ.sig${n}nature`
const bearer = (n: number) => ({ authorization: `Bearer ${token(n)}` })
const statuses = async (calls: (() => Promise<number | string>)[]) => {
  const out: (number | string)[] = []
  for (const call of calls) out.push(await call())
  return out.map((s) => (typeof s === 'string' ? 429 : s))
}

describe('global rate limit per session, under a per-address ceiling', () => {
  it('gives each session behind one address its own limit', async () => {
    const { cache } = switchableCache()
    const { get } = limitedApp(cache, 2, 100)
    const office = '192.0.2.10'
    for (const n of [1, 2, 3]) {
      expect(await statuses([() => get(office, bearer(n)), () => get(office, bearer(n))])).toEqual([
        200, 200,
      ])
    }
    expect(await get(office, bearer(1))).toMatch(/^429 after \d+ s$/)
    expect(await get(office, bearer(4))).toBe(200)
  })

  it('counts every request from the address, so made-up tokens meet the ceiling', async () => {
    const { cache } = switchableCache()
    const { get, request } = limitedApp(cache, 2, 5)
    const flood = Array.from({ length: 5 }, (_, n) => () => get('192.0.2.20', bearer(n)))
    expect(await statuses(flood)).toEqual([200, 200, 200, 200, 200])
    const refused = await request('192.0.2.20', bearer(99))
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({
      code: 'RATE_LIMITED',
      details: { limit: 5, scope: 'address' },
    })
    expect(await get('192.0.2.21', bearer(99))).toBe(200)
  })

  it('limits requests without a token per address at the session limit, apart from the sessions', async () => {
    const { cache } = switchableCache()
    const { get, request } = limitedApp(cache, 2, 100)
    expect(await statuses([() => get('192.0.2.30'), () => get('192.0.2.30')])).toEqual([200, 200])
    const refused = await request('192.0.2.30')
    expect(refused.status).toBe(429)
    expect(await refused.json()).toMatchObject({ details: { limit: 2, scope: 'anonymous' } })
    expect(await get('192.0.2.30', bearer(1))).toBe(200)
  })

  it('reads the access cookie (with or without __Host-), prefers the Bearer header, and ignores what is not a token', async () => {
    const { cache } = switchableCache()
    const { get } = limitedApp(cache, 1, 100)
    const ip = '192.0.2.40'
    expect(await get(ip, { cookie: `theme=dark; __Host-stratum_at=${token(1)}` })).toBe(200)
    expect(await get(ip, { cookie: `stratum_at=${token(1)}` })).toMatch(/^429/)
    // The header wins over the cookie, as it does in requireAuth.
    expect(await get(ip, { cookie: `stratum_at=${token(1)}`, ...bearer(2) })).toBe(200)
    // Not JWT-shaped: counted as a request without a token.
    expect(await get(ip, { authorization: 'Bearer not-a-jwt' })).toBe(200)
    expect(await get(ip, { authorization: 'Bearer still-not' })).toMatch(/^429/)
  })

  it('keeps a hash in the cache, never the token; headers report the tighter limit', async () => {
    const { cache, store } = switchableCache()
    const keys: string[] = []
    let commands = 0
    const spy: CacheStore = {
      ...cache,
      incrementEach: (counted, ttlMs) => {
        commands++
        keys.push(...counted)
        return store.incrementEach(counted, ttlMs)
      },
    }
    const { request } = limitedApp(spy, 10, 3)
    const res = await request('192.0.2.50', bearer(7))
    expect(res.headers.get('ratelimit-limit')).toBe('3')
    expect(res.headers.get('ratelimit-remaining')).toBe('2')
    // Session and address counted in one round trip.
    expect([commands, keys.length]).toEqual([1, 2])
    expect(keys.join(' ')).not.toContain(token(7))
    expect(keys.some((k) => k.startsWith('rl:session:'))).toBe(true)
  })

  it('applies both limits in this process while the cache is down', async () => {
    const { cache, state } = switchableCache()
    const { get } = limitedApp(cache, 1, 3)
    state.down = true
    expect(await get('192.0.2.60', bearer(1))).toBe(200)
    expect(await get('192.0.2.60', bearer(1))).toMatch(/^429/)
    expect(await get('192.0.2.60', bearer(2))).toBe(200)
    expect(await get('192.0.2.60', bearer(3))).toMatch(/^429/)
  })
})

describe('global rate limit while the cache is down', () => {
  it('keeps serving and still limits each client, counted in this process', async () => {
    const { cache, state } = switchableCache()
    const { get, entries } = limitedApp(cache, 3)
    state.down = true
    const first = [await get('10.0.0.1'), await get('10.0.0.1'), await get('10.0.0.1')]
    expect(first).toEqual([200, 200, 200])
    expect(await get('10.0.0.1')).toMatch(/^429 after \d+ s$/)
    expect(await get('10.0.0.2')).toBe(200)
    const warnings = entries.filter((e) => e.level === 'warn')
    expect(warnings.map((e) => e.message)).toEqual([
      'Global rate limit: the cache is unavailable; each process counts on its own until it returns',
    ])
  })

  it('counts in the shared cache again once it answers', async () => {
    const { cache, state, store } = switchableCache()
    const { get, entries } = limitedApp(cache, 3)
    state.down = true
    expect(await get('10.0.0.3')).toBe(200)
    state.down = false
    expect(await get('10.0.0.3')).toBe(200)
    // One counter for the client's requests without a token, one for its address.
    expect(store.size).toBe(2)
    expect(entries.some((e) => e.level === 'info' && /answers again/.test(e.message))).toBe(true)
  })
})

describe('LocalWindowCounter', () => {
  it('holds at most maxKeys counters, forgetting the oldest first', () => {
    const counter = new LocalWindowCounter(3, () => 1000)
    for (const key of ['a', 'b', 'c']) counter.increment(key, 60_000)
    expect(counter.increment('a', 60_000).count).toBe(2)
    counter.increment('d', 60_000)
    expect(counter.size).toBe(3)
    // 'a' was the oldest window, so it went first: counting starts again.
    expect(counter.increment('a', 60_000).count).toBe(1)
    expect(counter.size).toBe(3)
  })

  it('starts a new window once the old one has expired, and reports what is left', () => {
    const clock = { now: 0 }
    const counter = new LocalWindowCounter(10, () => clock.now)
    expect(counter.increment('ip', 1000)).toEqual({ count: 1, ttlMs: 1000 })
    clock.now = 400
    expect(counter.increment('ip', 1000)).toEqual({ count: 2, ttlMs: 600 })
    clock.now = 1000
    expect(counter.increment('ip', 1000)).toEqual({ count: 1, ttlMs: 1000 })
  })

  it('drops expired counters before forgetting live ones', () => {
    const clock = { now: 0 }
    const counter = new LocalWindowCounter(2, () => clock.now)
    counter.increment('old', 100)
    clock.now = 50
    counter.increment('live', 100)
    clock.now = 120
    counter.increment('new', 100)
    expect(counter.increment('live', 100).count).toBe(2)
  })
})

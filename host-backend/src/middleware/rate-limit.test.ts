import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { CacheUnavailableError, type CacheStore } from '@stratum/layer-core/server'
import { captureLogger } from '../../test/support/logger.ts'
import { errorHandler } from '../errors/error-handler.ts'
import { MemoryCacheStore } from '../platform/cache/memory-cache-store.ts'
import { LocalWindowCounter } from './local-window-counter.ts'
import { rateLimit } from './rate-limit.ts'

/** A shared cache that can be taken down, as Redis can. */
function switchableCache() {
  const store = new MemoryCacheStore()
  const state = { down: false }
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      if (state.down) throw new CacheUnavailableError('Redis did not answer: connection refused')
      return call(...args)
    }
  const cache: CacheStore = {
    kind: 'redis',
    get: guard((key: string) => store.get(key)),
    set: guard((key: string, value: string, ttlMs: number) => store.set(key, value, ttlMs)),
    delete: guard((...keys: string[]) => store.delete(...keys)),
    increment: guard((key: string, ttlMs: number, by?: number) => store.increment(key, ttlMs, by)),
    ping: guard(() => store.ping()),
    close: () => store.close(),
  }
  return { cache, state, store }
}

function limitedApp(cache: CacheStore, max: number) {
  const { logger, entries } = captureLogger()
  const app = new Hono()
    .use(async (c, next) => {
      c.set('clientIp', c.req.header('x-ip') ?? '127.0.0.1')
      await next()
    })
    .use(rateLimit({ cache, max, windowMs: 60_000, logger }))
    .get('/api/thing', (c) => c.json({ ok: true }))
    .onError(errorHandler(logger))
  const get = async (ip: string) => {
    const res = await app.request('/api/thing', { headers: { 'x-ip': ip } })
    return res.status === 429 ? `429 after ${res.headers.get('retry-after')} s` : res.status
  }
  return { get, entries }
}

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
    expect(store.size).toBe(1)
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

import { describe, expect, it } from 'vitest'
import { captureLogger, switchableCache } from '@stratum/host-backend/testing'
import { TenantCache } from './tenant-cache.ts'

function setUp() {
  const { cache, state, store } = switchableCache()
  const { logger, entries } = captureLogger()
  const clock = { now: 0 }
  const tenantCache = new TenantCache(cache, logger, {
    ttlMs: 30_000,
    retryMs: 1000,
    now: () => clock.now,
  })
  return { tenantCache, state, store, entries, clock }
}

describe('TenantCache while the cache is down', () => {
  it('misses instead of failing, skips caching, and asks again only after retryMs', async () => {
    const { tenantCache, state, store, entries, clock } = setUp()
    await store.set('k', 'cached', 30_000)
    state.down = true
    expect(await tenantCache.get('k')).toBeUndefined()
    await tenantCache.set('k2', 'v', 30_000)
    expect(await tenantCache.get('k')).toBeUndefined()
    // One failed read; the write and the second read never reached the cache.
    expect(state.calls).toBe(1)
    clock.now = 1000
    state.down = false
    expect(await tenantCache.get('k')).toBe('cached')
    await tenantCache.set('k2', 'v', 30_000)
    expect(await store.get('k2')).toBe('v')
    expect(entries.map((e) => `${e.level}: ${e.message}`)).toEqual([
      'error: Tenant lookups: the cache is unavailable; reading from the database',
      'info: Tenant lookups: the cache answers again',
    ])
  })

  it('lets a change stand when its invalidation fails, warning how long others may be stale', async () => {
    const { tenantCache, state, entries } = setUp()
    state.down = true
    await expect(
      tenantCache.invalidate('t-1', (cache) =>
        cache.increment('mt:gen:t-1', 1000).then(({ count }) => String(count)),
      ),
    ).resolves.toBe(false)
    expect(entries).toMatchObject([
      {
        level: 'warn',
        message:
          'Tenant cache not invalidated: other replicas may use the old tenant or memberships for up to 30 s',
        tenantId: 't-1',
      },
    ])
  })

  it('still fails for anything that is not an unavailable cache', async () => {
    const { tenantCache } = setUp()
    await expect(
      tenantCache.invalidate('t-1', () => Promise.reject(new TypeError('bug'))),
    ).rejects.toThrow('bug')
  })
})

describe('TenantCache generations', () => {
  const bump = (tenantCache: TenantCache, id: string) =>
    tenantCache.invalidate(id, (cache) =>
      cache.increment(`mt:gen:${id}`, 60_000).then(({ count }) => String(count)),
    )

  it('reads a generation once per freshMs, one read for concurrent askers', async () => {
    const { tenantCache, state, store, clock } = setUp()
    await store.set('mt:gen:t-1', '4', 60_000)
    const answers = await Promise.all([1, 2, 3].map(() => tenantCache.generation('t-1')))
    expect([answers, state.calls]).toEqual([['4', '4', '4'], 1])
    // Another replica bumps it: unnoticed here until freshMs (1000, the default) has passed.
    await store.increment('mt:gen:t-1', 60_000)
    clock.now = 999
    expect([await tenantCache.generation('t-1'), state.calls]).toEqual(['4', 1])
    clock.now = 1000
    expect([await tenantCache.generation('t-1'), state.calls]).toEqual(['5', 2])
    // Never bumped: generation 0.
    expect(await tenantCache.generation('t-2')).toBe('0')
  })

  it('knows its own invalidation at once, and a read in flight cannot bring the old one back', async () => {
    const { tenantCache, store } = setUp()
    await store.set('mt:gen:t-1', '7', 60_000)
    const inFlight = tenantCache.generation('t-1')
    expect(await bump(tenantCache, 't-1')).toBe(true)
    await inFlight
    expect(await tenantCache.generation('t-1')).toBe('8')
  })

  it('has no generation while the cache is down', async () => {
    const { tenantCache, state } = setUp()
    state.down = true
    expect(await tenantCache.generation('t-1')).toBeUndefined()
  })
})

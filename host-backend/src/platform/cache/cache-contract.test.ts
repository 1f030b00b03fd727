import { randomUUID } from 'node:crypto'
import { Redis } from 'ioredis'
import type { CacheStore } from '@stratum/layer-core/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { MemoryCacheStore } from './memory-cache-store.ts'
import { createRedisCacheStore } from './redis-cache-store.ts'

const REDIS_URL = process.env.STRATUM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'
// A prefix per run keeps parallel runs apart and lets afterAll delete exactly what we wrote.
const prefix = `stratum-test:${randomUUID()}:`
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const raw = new Redis(REDIS_URL, { lazyConnect: true })

afterAll(async () => {
  const keys = await raw.keys(`${prefix}*`)
  if (keys.length > 0) await raw.del(...keys)
  await raw.quit()
})

const implementations: [string, () => Promise<CacheStore>][] = [
  ['MemoryCacheStore', async () => new MemoryCacheStore()],
  ['RedisCacheStore', () => createRedisCacheStore(REDIS_URL, captureLogger().logger, { prefix })],
]

describe.each(implementations)('%s contract', (_name, create) => {
  let store: CacheStore
  beforeAll(async () => {
    store = await create()
  })
  afterAll(async () => {
    await store.close()
  })

  it('returns what was set and forgets it after the TTL', async () => {
    await store.set('greeting', 'hello', 150)
    expect(await store.get('greeting')).toBe('hello')
    expect(await store.get('missing')).toBeUndefined()
    await sleep(250)
    expect(await store.get('greeting')).toBeUndefined()
  })

  it('overwrites a value and its TTL on set', async () => {
    await store.set('overwrite', 'one', 100)
    await store.set('overwrite', 'two', 10_000)
    await sleep(200)
    expect(await store.get('overwrite')).toBe('two')
  })

  it('deletes keys and counts only those that existed', async () => {
    await store.set('a', '1', 10_000)
    await store.set('b', '2', 10_000)
    expect(await store.delete('a', 'b', 'never-set')).toBe(2)
    expect(await store.get('a')).toBeUndefined()
    expect(await store.delete()).toBe(0)
  })

  it('counts 50 parallel increments exactly', async () => {
    const results = await Promise.all(
      Array.from({ length: 50 }, () => store.increment('parallel', 10_000)),
    )
    const counts = results.map((r) => r.count).sort((x, y) => x - y)
    expect(counts).toEqual(Array.from({ length: 50 }, (_, i) => i + 1))
    expect(await store.get('parallel')).toBe('50')
  })

  it('adds `by` and reports the remaining TTL', async () => {
    const first = await store.increment('by', 5000, 5)
    expect(first.count).toBe(5)
    expect(first.ttlMs).toBeGreaterThan(4000)
    expect(first.ttlMs).toBeLessThanOrEqual(5000)
    expect((await store.increment('by', 5000, 2)).count).toBe(7)
  })

  it('keeps the first TTL: later increments do not extend the window', async () => {
    await store.increment('window', 300)
    await sleep(150)
    const later = await store.increment('window', 300)
    expect(later.count).toBe(2)
    expect(later.ttlMs).toBeLessThanOrEqual(200)
    await sleep(200)
    expect(await store.get('window')).toBeUndefined()
    expect((await store.increment('window', 300)).count).toBe(1)
  })

  it('increments several counters at once, each keeping its own first TTL', async () => {
    await store.increment('each-old', 300)
    await sleep(150)
    const [old, fresh] = await store.incrementEach(['each-old', 'each-new'], 300)
    expect(old).toMatchObject({ count: 2 })
    expect(old!.ttlMs).toBeLessThanOrEqual(200)
    expect(fresh!.count).toBe(1)
    expect(fresh!.ttlMs).toBeGreaterThan(200)
    const parallel = await Promise.all(
      Array.from({ length: 20 }, () => store.incrementEach(['each-a', 'each-b'], 10_000)),
    )
    expect(parallel.map(([a]) => a!.count).sort((x, y) => x - y)).toEqual(
      Array.from({ length: 20 }, (_, i) => i + 1),
    )
    expect([await store.get('each-a'), await store.get('each-b')]).toEqual(['20', '20'])
    expect(await store.incrementEach([], 1000)).toEqual([])
  })

  it('moves no counter when one of them holds something else', async () => {
    await store.set('each-text', 'not a number', 10_000)
    await expect(store.incrementEach(['each-untouched', 'each-text'], 10_000)).rejects.toThrow()
    expect(await store.get('each-untouched')).toBeUndefined()
  })

  it('rejects a TTL that would never expire', async () => {
    await expect(store.set('bad', 'x', 0)).rejects.toThrow(RangeError)
    await expect(store.increment('bad', -1)).rejects.toThrow(RangeError)
    await expect(store.incrementEach(['bad'], 0)).rejects.toThrow(RangeError)
  })

  it('answers ping', async () => {
    await expect(store.ping()).resolves.toBeUndefined()
  })
})

describe('RedisCacheStore keys', () => {
  it('writes every key under the prefix', async () => {
    const store = await createRedisCacheStore(REDIS_URL, captureLogger().logger, { prefix })
    await store.set('visible', 'yes', 10_000)
    await store.close()
    expect(await raw.get(`${prefix}visible`)).toBe('yes')
    expect(await raw.get('visible')).toBeNull()
  })
})

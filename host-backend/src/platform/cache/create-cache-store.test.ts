import { randomUUID } from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { createCacheStore } from './create-cache-store.ts'

describe('createCacheStore', () => {
  it('uses the in-process store when REDIS_URL is unset', async () => {
    const store = await createCacheStore({ CACHE_PREFIX: 'x:' }, captureLogger().logger)
    expect(store.kind).toBe('memory')
    await store.close()
  })

  it('uses Redis with the configured prefix when REDIS_URL is set', async () => {
    const prefix = `stratum-test:${randomUUID()}:`
    const config = { REDIS_URL: 'redis://127.0.0.1:6379', CACHE_PREFIX: prefix }
    const store = await createCacheStore(config, captureLogger().logger)
    expect(store.kind).toBe('redis')
    await store.set('k', 'v', 5000)
    // A second store with another prefix must not see the key.
    const other = await createCacheStore(
      { ...config, CACHE_PREFIX: `${prefix}other:` },
      captureLogger().logger,
    )
    expect(await other.get('k')).toBeUndefined()
    expect(await store.delete('k')).toBe(1)
    await Promise.all([store.close(), other.close()])
  })
})

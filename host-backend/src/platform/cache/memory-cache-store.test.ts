import { describe, expect, it } from 'vitest'
import { MemoryCacheStore } from './memory-cache-store.ts'

describe('MemoryCacheStore housekeeping', () => {
  it('sweeps expired entries that are never read again', async () => {
    const store = new MemoryCacheStore({ sweepIntervalMs: 20 })
    await store.increment('client-1', 10)
    await store.set('kept', 'v', 10_000)
    expect(store.size).toBe(2)
    await new Promise((resolve) => setTimeout(resolve, 80))
    expect(store.size).toBe(1)
    await store.close()
  })

  it('empties the store on close', async () => {
    const store = new MemoryCacheStore()
    await store.set('k', 'v', 10_000)
    await store.close()
    expect(await store.get('k')).toBeUndefined()
  })

  it('refuses to increment a value that is not a counter', async () => {
    const store = new MemoryCacheStore()
    await store.set('text', 'hello', 10_000)
    await expect(store.increment('text', 1000)).rejects.toThrow(/not an integer/)
    await store.close()
  })
})

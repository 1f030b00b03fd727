import { CacheUnavailableError, type CacheStore } from '@stratum/layer-core/server'
import { MemoryCacheStore } from '../../src/platform/index.ts'

/**
 * A shared cache (one Redis for every process) that a test can take down: while `state.down`,
 * every call fails with `CacheUnavailableError`, as the Redis store's do. `state.calls` counts the
 * calls that reached it; `store` is what it holds.
 */
export function switchableCache() {
  const store = new MemoryCacheStore()
  const state = { down: false, calls: 0 }
  const guard =
    <A extends unknown[], R>(call: (...args: A) => Promise<R>) =>
    async (...args: A): Promise<R> => {
      state.calls++
      if (state.down) throw new CacheUnavailableError('Redis did not answer: connection refused')
      return call(...args)
    }
  const cache: CacheStore = {
    kind: 'redis',
    get: guard((key: string) => store.get(key)),
    set: guard((key: string, value: string, ttlMs: number) => store.set(key, value, ttlMs)),
    delete: guard((...keys: string[]) => store.delete(...keys)),
    increment: guard((key: string, ttlMs: number, by?: number) => store.increment(key, ttlMs, by)),
    incrementEach: guard((keys: readonly string[], ttlMs: number) =>
      store.incrementEach(keys, ttlMs),
    ),
    ping: guard(() => store.ping()),
    close: () => store.close(),
  }
  return { cache, state, store }
}

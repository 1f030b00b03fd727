/** Result of {@link CacheStore.increment}. */
export interface CounterState {
  /** Value after the increment. */
  count: number
  /** Milliseconds until the counter expires. */
  ttlMs: number
}

/**
 * The cache every layer shares: Redis when `REDIS_URL` is set, in-process otherwise.
 * Every method rejects with {@link CacheUnavailableError} quickly when the backing store is down;
 * none of them hangs.
 */
export interface CacheStore {
  readonly kind: 'redis' | 'memory'
  get(key: string): Promise<string | undefined>
  /** Stores `value` for `ttlMs` milliseconds. */
  set(key: string, value: string, ttlMs: number): Promise<void>
  /** Removes keys; returns how many existed. */
  delete(...keys: string[]): Promise<number>
  /**
   * Adds `by` (default 1) to a counter. The expiry is set when the counter is created and is not
   * extended by later increments, which gives fixed-window rate limits.
   */
  increment(key: string, ttlMs: number, by?: number): Promise<CounterState>
  /**
   * Adds 1 to each counter, as {@link increment} does, in one round trip and atomically (all or
   * none); the states come back in the order of `keys`. Counters checked together on every
   * request (a rate limit per session and per address) cost one command, not one each.
   */
  incrementEach(keys: readonly string[], ttlMs: number): Promise<CounterState[]>
  /** Resolves when the store answers; used by readiness checks. */
  ping(): Promise<void>
  close(): Promise<void>
}

/** Thrown by a {@link CacheStore} whose backend cannot be reached. */
export class CacheUnavailableError extends Error {
  override readonly name = 'CacheUnavailableError'
}

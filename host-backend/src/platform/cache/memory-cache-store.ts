import type { CacheStore, CounterState } from '@stratum/layer-core/server'
import { toTtlMs } from './ttl.ts'

/** Options of {@link MemoryCacheStore}. */
export interface MemoryCacheStoreOptions {
  /**
   * How often expired entries are removed. Reads already ignore them; the sweep only bounds
   * memory when many keys (one rate-limit counter per client IP) are written and never read again.
   * @default 60000
   */
  sweepIntervalMs?: number
}

interface Entry {
  value: string
  expiresAt: number
}

/** In-process {@link CacheStore}: the embedded default when `REDIS_URL` is unset. */
export class MemoryCacheStore implements CacheStore {
  readonly kind = 'memory'
  readonly #entries = new Map<string, Entry>()
  readonly #sweeper: NodeJS.Timeout

  constructor(options: MemoryCacheStoreOptions = {}) {
    this.#sweeper = setInterval(() => this.sweep(), options.sweepIntervalMs ?? 60_000)
    // The sweep is housekeeping; it must never keep a finished process (or test run) alive.
    this.#sweeper.unref()
  }

  /** Number of entries held, expired ones included until the next sweep. */
  get size(): number {
    return this.#entries.size
  }

  async get(key: string): Promise<string | undefined> {
    return this.#live(key)?.value
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    this.#entries.set(key, { value, expiresAt: Date.now() + toTtlMs(ttlMs) })
  }

  async delete(...keys: string[]): Promise<number> {
    let count = 0
    for (const key of keys) if (this.#live(key) && this.#entries.delete(key)) count++
    return count
  }

  async increment(key: string, ttlMs: number, by = 1): Promise<CounterState> {
    const now = Date.now()
    const entry = this.#live(key, now)
    // Synchronous read-modify-write: nothing can interleave on one event loop, so it is atomic.
    if (!entry) {
      const created = { value: String(by), expiresAt: now + toTtlMs(ttlMs) }
      this.#entries.set(key, created)
      return { count: by, ttlMs: created.expiresAt - now }
    }
    const current = Number(entry.value)
    if (!Number.isSafeInteger(current)) {
      throw new TypeError(`The cache value at '${key}' is not an integer counter.`)
    }
    entry.value = String(current + by)
    return { count: current + by, ttlMs: entry.expiresAt - now }
  }

  async incrementEach(keys: readonly string[], ttlMs: number): Promise<CounterState[]> {
    toTtlMs(ttlMs)
    // Checked before any counter moves, so a failure changes none of them.
    for (const key of keys) {
      const entry = this.#live(key)
      if (entry && !Number.isSafeInteger(Number(entry.value)))
        throw new TypeError(`The cache value at '${key}' is not an integer counter.`)
    }
    return Promise.all(keys.map((key) => this.increment(key, ttlMs)))
  }

  async ping(): Promise<void> {}

  async close(): Promise<void> {
    clearInterval(this.#sweeper)
    this.#entries.clear()
  }

  /** Removes every expired entry now. */
  sweep(now = Date.now()): void {
    for (const [key, entry] of this.#entries) if (entry.expiresAt <= now) this.#entries.delete(key)
  }

  #live(key: string, now = Date.now()): Entry | undefined {
    const entry = this.#entries.get(key)
    if (entry && entry.expiresAt <= now) {
      this.#entries.delete(key)
      return undefined
    }
    return entry
  }
}

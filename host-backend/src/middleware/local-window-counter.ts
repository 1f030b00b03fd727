import type { CounterState } from '@stratum/layer-core/server'

interface Window {
  count: number
  resetAt: number
}

/**
 * Fixed-window counters held in this process, at most `maxKeys` of them: the rate limiter's
 * fallback while the shared cache is down. Every window has the same length, so the map's insertion
 * order is also expiry order, and both the expired and (when full) the oldest are at its front.
 */
export class LocalWindowCounter {
  readonly #windows = new Map<string, Window>()

  constructor(
    /** Most counters kept; a new key beyond it forgets the oldest. */
    readonly maxKeys: number,
    private readonly now: () => number = Date.now,
  ) {}

  /** Counters held now, expired ones included until a new key pushes them out. */
  get size(): number {
    return this.#windows.size
  }

  /** Adds one to `key`; a counter that is new or expired starts a window of `windowMs`. */
  increment(key: string, windowMs: number): CounterState {
    const now = this.now()
    let window = this.#windows.get(key)
    if (!window || window.resetAt <= now) {
      // Deleted first so that set() moves the key to the back, keeping the order by expiry.
      this.#windows.delete(key)
      this.#makeRoom(now)
      window = { count: 0, resetAt: now + windowMs }
      this.#windows.set(key, window)
    }
    window.count++
    return { count: window.count, ttlMs: window.resetAt - now }
  }

  #makeRoom(now: number): void {
    for (const [key, window] of this.#windows) {
      if (window.resetAt > now && this.#windows.size < this.maxKeys) return
      this.#windows.delete(key)
    }
  }
}

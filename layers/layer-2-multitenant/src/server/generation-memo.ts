interface Entry<T> {
  value: T
  /** The tenant generation the value was read under; `undefined` when it is not known. */
  generation: string | undefined
  expiresAt: number
}

/** Options of {@link GenerationMemo}. */
export interface GenerationMemoOptions {
  /** Most entries kept; a new key beyond it forgets the oldest. @default 10000 */
  maxEntries?: number
  /** The longest an entry is used, whatever its generation says. */
  maxAgeMs: number
  /** @default Date.now */
  now?: () => number
}

/**
 * Values this process keeps, each tagged with the generation of its tenant that was current
 * before the value was read. A value is used only while that generation is still the tenant's:
 * every change bumps the generation, so a changed tenant or membership is read again. Bounded in
 * number and in age (a change made without a bump is seen after `maxAgeMs` at the latest).
 */
export class GenerationMemo<T> {
  readonly #entries = new Map<string, Entry<T>>()
  readonly #maxEntries: number
  readonly #maxAgeMs: number
  readonly #now: () => number

  constructor(options: GenerationMemoOptions) {
    this.#maxEntries = options.maxEntries ?? 10_000
    this.#maxAgeMs = options.maxAgeMs
    this.#now = options.now ?? Date.now
  }

  /** Number of entries held, expired ones included until they are read or pushed out. */
  get size(): number {
    return this.#entries.size
  }

  /** The value read under `generation`, if it is still young enough. */
  get(key: string, generation: string): T | undefined {
    const entry = this.#live(key)
    return entry && entry.generation === generation ? entry.value : undefined
  }

  /** The value whatever its generation: enough to learn which tenant a slug names. */
  peek(key: string): T | undefined {
    return this.#live(key)?.value
  }

  set(key: string, generation: string | undefined, value: T): void {
    // Deleted first so that set() moves the key to the back: the front is the oldest.
    this.#entries.delete(key)
    if (this.#entries.size >= this.#maxEntries) {
      const oldest = this.#entries.keys().next()
      if (!oldest.done) this.#entries.delete(oldest.value)
    }
    this.#entries.set(key, { value, generation, expiresAt: this.#now() + this.#maxAgeMs })
  }

  clear(): void {
    this.#entries.clear()
  }

  #live(key: string): Entry<T> | undefined {
    const entry = this.#entries.get(key)
    if (entry && entry.expiresAt <= this.#now()) {
      this.#entries.delete(key)
      return undefined
    }
    return entry
  }
}

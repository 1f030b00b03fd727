/** One kept answer. */
export interface KeptResponse {
  readonly body: string
  readonly contentType: string
}

interface Entry extends KeptResponse {
  /** The tenant's data version the answer was read under (`TenantChanges.version`). */
  version: string
  expiresAt: number
  bytes: number
}

/** Options of {@link ResponseMemo}. */
export interface ResponseMemoOptions {
  /** Most answers kept; 0 keeps none. */
  maxEntries: number
  /** Most bytes of bodies kept (UTF-16 length × 2, as V8 holds them). @default 32 MiB */
  maxBytes?: number
  /** A body longer than this (in characters) is never kept. @default 512 KiB */
  maxBodyLength?: number
  /** @default Date.now */
  now?: () => number
}

/**
 * Whole answers of cached tenant-scoped reads, in this process's memory, each under the version
 * of its tenant's data it was read under: a lookup under another version misses. Bounded in
 * number and in bytes; the oldest go first.
 */
export class ResponseMemo {
  readonly #entries = new Map<string, Entry>()
  readonly #maxEntries: number
  readonly #maxBytes: number
  readonly #maxBodyLength: number
  readonly #now: () => number
  #bytes = 0

  constructor(options: ResponseMemoOptions) {
    this.#maxEntries = options.maxEntries
    this.#maxBytes = options.maxBytes ?? 32 * 1024 * 1024
    this.#maxBodyLength = options.maxBodyLength ?? 512 * 1024
    this.#now = options.now ?? Date.now
  }

  get size(): number {
    return this.#entries.size
  }

  get bytes(): number {
    return this.#bytes
  }

  /** The answer kept under `key` for `version`, unless it expired. */
  get(key: string, version: string): KeptResponse | undefined {
    const entry = this.#entries.get(key)
    if (!entry) return undefined
    if (entry.version !== version || entry.expiresAt <= this.#now()) {
      this.#delete(key, entry)
      return undefined
    }
    return entry
  }

  /** Keeps an answer until `expiresAt` at the latest; one too big to keep is not. */
  set(key: string, version: string, response: KeptResponse, expiresAt: number): void {
    const old = this.#entries.get(key)
    if (old) this.#delete(key, old)
    if (this.#maxEntries === 0 || response.body.length > this.#maxBodyLength) return
    if (expiresAt <= this.#now()) return
    const bytes = 2 * (key.length + response.body.length) + 64
    while (
      this.#entries.size > 0 &&
      (this.#entries.size >= this.#maxEntries || this.#bytes + bytes > this.#maxBytes)
    ) {
      const [oldestKey, oldest] = this.#entries.entries().next().value as [string, Entry]
      this.#delete(oldestKey, oldest)
    }
    this.#entries.set(key, { ...response, version, expiresAt, bytes })
    this.#bytes += bytes
  }

  clear(): void {
    this.#entries.clear()
    this.#bytes = 0
  }

  #delete(key: string, entry: Entry): void {
    this.#entries.delete(key)
    this.#bytes -= entry.bytes
  }
}

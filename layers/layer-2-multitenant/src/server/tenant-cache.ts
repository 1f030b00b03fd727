import { CacheUnavailableError, type CacheStore, type Logger } from '@stratum/layer-core/server'

/** Options of {@link TenantCache}. */
export interface TenantCacheOptions {
  /**
   * How long callers keep entries: after a failed invalidation, the longest another replica can
   * serve a stale one. Named in the warning.
   */
  ttlMs: number
  /** While the cache is down, reads ask it again at most this often. @default 1000 */
  retryMs?: number
  /** @default Date.now */
  now?: () => number
}

/**
 * The cache as tenant and membership lookups use it: a cache that is down is a miss, never a
 * failure. Reads fall back to the database and nothing is cached until it answers again; a
 * cache that hangs delays one request per `retryMs`, not every request.
 */
export class TenantCache {
  readonly #ttlMs: number
  readonly #retryMs: number
  readonly #now: () => number
  /** While the cache is down: when to ask it again. */
  #retryAt: number | undefined

  constructor(
    private readonly cache: CacheStore,
    private readonly logger: Logger,
    options: TenantCacheOptions,
  ) {
    this.#ttlMs = options.ttlMs
    this.#retryMs = options.retryMs ?? 1000
    this.#now = options.now ?? Date.now
  }

  /** The cached value, or `undefined` on a miss or while the cache is down. */
  async get(key: string): Promise<string | undefined> {
    if (this.#retryAt !== undefined && this.#now() < this.#retryAt) return undefined
    try {
      const value = await this.cache.get(key)
      if (this.#retryAt !== undefined) {
        this.#retryAt = undefined
        this.logger.info('Tenant lookups: the cache answers again')
      }
      return value
    } catch (error) {
      this.#down(error)
      return undefined
    }
  }

  /** Caches `value` for `ttlMs`; skipped while the cache is down. */
  async set(key: string, value: string, ttlMs: number): Promise<void> {
    if (this.#retryAt !== undefined) return
    await this.cache.set(key, value, ttlMs).catch((error: unknown) => this.#down(error))
  }

  /**
   * Runs an invalidation. A cache that is down cannot serve stale entries, but another replica
   * cut off from it only partly, or a cache that comes back with its data, can: until the entries
   * expire, at most one entry lifetime after the change. The change itself stands.
   */
  async invalidate(tenantId: string, run: (cache: CacheStore) => Promise<unknown>): Promise<void> {
    try {
      await run(this.cache)
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error
      this.logger.warn(
        `Tenant cache not invalidated: other replicas may use the old tenant or memberships for up to ${this.#ttlMs / 1000} s`,
        { tenantId, error: error.message },
      )
    }
  }

  #down(error: unknown): void {
    if (!(error instanceof CacheUnavailableError)) throw error
    if (this.#retryAt === undefined)
      this.logger.error('Tenant lookups: the cache is unavailable; reading from the database', {
        error: error.message,
      })
    this.#retryAt = this.#now() + this.#retryMs
  }
}

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
  /**
   * How long this process trusts a tenant generation it read before asking the cache again:
   * the longest another replica's change can go unnoticed here. @default 1000
   */
  freshMs?: number
  /** Most tenant generations kept in this process. @default 10000 */
  maxGenerations?: number
  /** @default Date.now */
  now?: () => number
}

interface KnownGeneration {
  value: string
  /** Until when (epoch ms) it is trusted without asking the cache. */
  until: number
}

/** Where a tenant's generation lives: bumped by every change to the tenant or its members. */
export const generationKey = (tenantId: string) => `mt:gen:${tenantId}`

/**
 * The cache as tenant and membership lookups use it: a cache that is down is a miss, never a
 * failure. Reads fall back to the database and nothing is cached until it answers again; a
 * cache that hangs delays one request per `retryMs`, not every request.
 */
export class TenantCache {
  readonly #ttlMs: number
  readonly #retryMs: number
  readonly #now: () => number
  readonly #freshMs: number
  readonly #maxGenerations: number
  readonly #generations = new Map<string, KnownGeneration>()
  /** Generation reads in flight: concurrent requests share one. */
  readonly #reading = new Map<string, Promise<string | undefined>>()
  /** Bumped by every invalidation here: a read that started before one is not kept. */
  #epoch = 0
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
    this.#freshMs = options.freshMs ?? 1000
    this.#maxGenerations = options.maxGenerations ?? 10_000
  }

  /**
   * The tenant's generation: from this process when read within `freshMs`, else one cache read
   * shared by every request that asks meanwhile. `undefined` while the cache is down: nothing
   * kept in this process can then be checked, so callers read the database.
   */
  generation(tenantId: string): Promise<string | undefined> {
    const known = this.#generations.get(tenantId)
    if (known && this.#now() < known.until) return Promise.resolve(known.value)
    let reading = this.#reading.get(tenantId)
    if (!reading) {
      reading = this.#readGeneration(tenantId, this.#epoch).finally(() => {
        if (this.#reading.get(tenantId) === reading) this.#reading.delete(tenantId)
      })
      this.#reading.set(tenantId, reading)
    }
    return reading
  }

  async #readGeneration(tenantId: string, epoch: number): Promise<string | undefined> {
    if (this.#retryAt !== undefined && this.#now() < this.#retryAt) return undefined
    let value: string
    try {
      value = (await this.cache.get(generationKey(tenantId))) ?? '0'
      this.#recovered()
    } catch (error) {
      this.#down(error)
      return undefined
    }
    // An invalidation here while the read was out may have made it old: trust what it set.
    if (epoch !== this.#epoch) return this.#generations.get(tenantId)?.value
    this.#remember(tenantId, value)
    return value
  }

  #remember(tenantId: string, value: string): void {
    const now = this.#now()
    if (this.#generations.size >= this.#maxGenerations && !this.#generations.has(tenantId)) {
      for (const [id, known] of this.#generations)
        if (known.until <= now) this.#generations.delete(id)
      if (this.#generations.size >= this.#maxGenerations) this.#generations.clear()
    }
    this.#generations.set(tenantId, { value, until: now + this.#freshMs })
  }

  /** The cached value, or `undefined` on a miss or while the cache is down. */
  async get(key: string): Promise<string | undefined> {
    if (this.#retryAt !== undefined && this.#now() < this.#retryAt) return undefined
    try {
      const value = await this.cache.get(key)
      this.#recovered()
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
   * Runs an invalidation: `run` bumps the tenant's generation in the cache and answers the new
   * one, which this process uses at once. Other replicas see it within `freshMs`. A cache that is
   * down cannot serve stale entries, but another replica cut off from it only partly, or a cache
   * that comes back with its data, can: until the entries expire, at most one entry lifetime
   * after the change. The change itself stands. Answers whether the cache took it; when it did
   * not, callers must forget what they keep in this process for the tenant.
   */
  async invalidate(
    tenantId: string,
    run: (cache: CacheStore) => Promise<string>,
  ): Promise<boolean> {
    this.#forget(tenantId)
    try {
      const generation = await run(this.cache)
      // Reads that started while `run` was out may have the old generation: drop them too.
      this.#forget(tenantId)
      this.#remember(tenantId, generation)
      return true
    } catch (error) {
      this.#forget(tenantId)
      if (!(error instanceof CacheUnavailableError)) throw error
      this.logger.warn(
        `Tenant cache not invalidated: other replicas may use the old tenant or memberships for up to ${this.#ttlMs / 1000} s`,
        { tenantId, error: error.message },
      )
      return false
    }
  }

  #forget(tenantId: string): void {
    this.#epoch++
    this.#reading.delete(tenantId)
    this.#generations.delete(tenantId)
  }

  #recovered(): void {
    if (this.#retryAt === undefined) return
    this.#retryAt = undefined
    this.logger.info('Tenant lookups: the cache answers again')
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

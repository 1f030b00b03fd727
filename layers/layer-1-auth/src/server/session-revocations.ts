import { CacheUnavailableError, type CacheStore, type Logger } from '@stratum/layer-core/server'
import { AUTH_LIMITS } from '../shared/limits.ts'

/** Options of {@link SessionRevocations}. */
export interface SessionRevocationsOptions {
  /**
   * How long a revocation is kept. Every access token of the session has expired by then; the
   * margin covers a token issued by a refresh that was in flight when the session ended.
   * @default AUTH_LIMITS.accessTokenSeconds + 60
   */
  ttlSeconds?: number
  /** How long this process trusts a "not revoked" answer before asking the cache again. @default 1000 */
  freshMs?: number
  /** @default Date.now */
  now?: () => number
}

interface Known {
  revoked: boolean
  /** Until when (epoch ms) this answer stands. */
  until: number
}

const cacheKey = (sid: string) => `auth:revoked-session:${sid}`

/**
 * Ended sessions (refresh-token families), so their access tokens stop working before they
 * expire. Shared through the cache store; each process keeps what it learnt for `freshMs`, so
 * the check costs a map lookup on most requests. A revocation made here counts here at once.
 *
 * When the cache is unavailable the check falls back to what this process knows, and logs once
 * per outage: requests keep being served, and only sessions ended by another process (or not
 * yet looked up here) stay usable until the outage ends or their access token expires.
 */
export class SessionRevocations {
  readonly #known = new Map<string, Known>()
  /** Revocations the cache did not take, written again once it answers. */
  readonly #unshared = new Map<string, number>()
  readonly #ttlMs: number
  readonly #freshMs: number
  readonly #now: () => number
  #nextSweep = 0
  #outage = false

  constructor(
    private readonly cache: CacheStore,
    private readonly logger: Logger,
    options: SessionRevocationsOptions = {},
  ) {
    this.#ttlMs = (options.ttlSeconds ?? AUTH_LIMITS.accessTokenSeconds + 60) * 1000
    this.#freshMs = options.freshMs ?? 1000
    this.#now = options.now ?? Date.now
  }

  /** Ends a session: its access tokens are refused from now on, here at once, elsewhere soon. */
  async revoke(sid: string): Promise<void> {
    const until = this.#now() + this.#ttlMs
    this.#known.set(sid, { revoked: true, until })
    try {
      await this.cache.set(cacheKey(sid), '1', this.#ttlMs)
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error
      this.#unshared.set(sid, until)
      this.logger.warn(
        'A session was revoked while the cache is unavailable: other processes accept its access tokens until the cache returns or the tokens expire',
        { sid, error: error.message },
      )
    }
  }

  /** Whether the session was ended. Never throws for an unavailable cache. */
  async isRevoked(sid: string): Promise<boolean> {
    const now = this.#now()
    const known = this.#known.get(sid)
    if (known && known.until > now) return known.revoked
    let revoked = false
    try {
      revoked = (await this.cache.get(cacheKey(sid))) !== undefined
      if (this.#outage || this.#unshared.size > 0) this.#recovered()
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error
      if (!this.#outage)
        this.logger.error(
          'Session revocations: the cache is unavailable; until it returns, only sessions ended by this process are refused',
          { error: error.message },
        )
      this.#outage = true
    }
    this.#sweep(now)
    this.#known.set(sid, { revoked, until: now + (revoked ? this.#ttlMs : this.#freshMs) })
    return revoked
  }

  #recovered(): void {
    if (this.#outage) this.logger.info('Session revocations: the cache answers again')
    this.#outage = false
    const now = this.#now()
    for (const [sid, until] of this.#unshared) {
      this.#unshared.delete(sid)
      if (until <= now) continue
      // Best effort: on a new failure the entry waits for the next recovery.
      this.cache.set(cacheKey(sid), '1', until - now).catch(() => this.#unshared.set(sid, until))
    }
  }

  // Drops answers that no longer stand, at most every ten freshness periods, so the map holds the
  // sessions seen lately plus the revocations of the last token lifetime.
  #sweep(now: number): void {
    if (now < this.#nextSweep) return
    this.#nextSweep = now + this.#freshMs * 10
    for (const [sid, known] of this.#known) if (known.until <= now) this.#known.delete(sid)
  }
}

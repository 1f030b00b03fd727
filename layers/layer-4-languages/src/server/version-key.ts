import { randomUUID } from 'node:crypto'
import { CacheUnavailableError, type CacheStore, type Logger } from '@stratum/layer-core/server'

/** The cache key every replica reads on each request; any change of any value replaces it. */
export const VERSION_KEY = 'i18n:ver'
const VERSION_TTL_MS = 30 * 86_400_000

/**
 * The version of all database wording, kept in the shared cache. Writers replace it after they
 * commit, and every replica reads it before answering from its caches, so an edit on one replica
 * is served by every other at once. A version is a random token, never a counter that could
 * start again from a value some stale entry was cached under.
 */
export class VersionKey {
  constructor(
    private readonly cache: CacheStore,
    private readonly logger: Logger,
  ) {}

  /** The current version, or undefined when the cache is down (callers then read the database). */
  async current(): Promise<string | undefined> {
    try {
      const found = await this.cache.get(VERSION_KEY)
      if (found) return found
      const fresh = randomUUID()
      await this.cache.set(VERSION_KEY, fresh, VERSION_TTL_MS)
      return fresh
    } catch (error) {
      if (error instanceof CacheUnavailableError) return undefined
      throw error
    }
  }

  /** Called after a change commits: every cached bundle of every replica is stale from now. */
  async bump(): Promise<void> {
    try {
      await this.cache.set(VERSION_KEY, randomUUID(), VERSION_TTL_MS)
    } catch (error) {
      // The cache being down means nothing is served from it either; entries expire in an hour.
      this.logger.warn('could not replace the translations version key', {
        error: error instanceof Error ? error.message : String(error),
      })
    }
  }
}

import type { CacheStore, PlatformConfig } from '@stratum/layer-core/server'
import type { Logger } from 'winston'
import { MemoryCacheStore } from './memory-cache-store.ts'
import { createRedisCacheStore } from './redis-cache-store.ts'

/** Options of {@link createCacheStore}. */
export interface CreateCacheStoreOptions {
  /** Key prefix for Redis. @default config.CACHE_PREFIX */
  prefix?: string
}

/** Redis when `REDIS_URL` is set, the in-process store otherwise. */
export async function createCacheStore(
  config: Pick<PlatformConfig, 'REDIS_URL' | 'CACHE_PREFIX'>,
  logger: Logger,
  options: CreateCacheStoreOptions = {},
): Promise<CacheStore> {
  if (!config.REDIS_URL) {
    logger.info('Cache: in-process (set REDIS_URL to share it between instances)')
    return new MemoryCacheStore()
  }
  logger.info('Cache: Redis')
  return createRedisCacheStore(config.REDIS_URL, logger, {
    prefix: options.prefix ?? config.CACHE_PREFIX,
  })
}

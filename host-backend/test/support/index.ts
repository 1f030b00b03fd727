export * from './logger.ts'
export * from './pglite-template.ts'
export * from './postgres.ts'
export * from './smtp.ts'
export * from './spawn-server.ts'
export * from './test-host.ts'
export * from './sign-in.ts'
export * from './free-port.ts'
export * from './throwaway-redis.ts'
export * from './audit-probe.ts'
// Platform parts a test builds itself, for example a cache on a throwaway Redis.
export {
  createPostgresDatabase,
  createRedisCacheStore,
  MemoryCacheStore,
} from '../../src/platform/index.ts'
export * from './switchable-cache.ts'

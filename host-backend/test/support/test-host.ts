import { randomBytes } from 'node:crypto'
import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type {
  CacheStore,
  Database,
  MailTransport,
  PlatformConfig,
  AnyServerLayer,
} from '@stratum/layer-core/server'
import type { LayersConfig } from '@stratum/layer-core/shared'
import type { Logger } from 'winston'
import { createHost, type Host } from '../../src/app.ts'
import { loadPlatformConfig } from '../../src/load-platform-config.ts'
import { createLogger } from '../../src/logger.ts'
import {
  createPostgresDatabase,
  createRedisCacheStore,
  DevMailbox,
  MemoryCacheStore,
} from '../../src/platform/index.ts'
import { pgliteTemplate } from './pglite-template.ts'
import { createFreshPostgresDatabase } from './postgres.ts'

/**
 * Where integration tests run: real PostgreSQL + Redis on localhost, and the embedded defaults
 * (PGlite + in-process cache). Every behaviour test runs on both.
 */
export type TestTarget = 'postgres' | 'embedded'
export const TEST_TARGETS: readonly TestTarget[] = ['postgres', 'embedded']

export const TEST_REDIS_URL = process.env.STRATUM_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379'

/** A platform configuration for tests: quiet logs, a fixed secret, a throwaway data folder. */
export function testConfig(env: Record<string, string> = {}): PlatformConfig {
  return loadPlatformConfig({
    NODE_ENV: 'test',
    LOG_LEVEL: 'silent',
    APP_SECRET: 'test-secret-that-is-long-enough-0123456789abcdef',
    DATA_DIR: join(tmpdir(), 'stratum-test-unused'),
    ...env,
  })
}

export interface TestHostOptions {
  target: TestTarget
  /** @default the repository's layers.config.ts */
  layersConfig?: LayersConfig
  extraLayers?: readonly AnyServerLayer[]
  env?: Record<string, string>
  /** @default a dev mailbox */
  mail?: MailTransport
  /** @default Redis with a key prefix of its own (postgres) or in-process (embedded) */
  cache?: CacheStore
  /** @default a silent logger */
  logger?: Logger
  /**
   * PostgreSQL only: use this (migrated) database instead of a fresh one, and leave it there on
   * close, as a second replica of the host that made it (`TestHost.databaseUrl`).
   */
  databaseUrl?: string
}

export interface TestHost {
  readonly host: Host
  readonly target: TestTarget
  /** URL of the fresh PostgreSQL database (postgres target only). */
  readonly databaseUrl: string | undefined
  /** In-process request through the whole middleware stack, from `ip` (@default '127.0.0.1'). */
  request(path: string, init?: RequestInit, ip?: string): Promise<Response>
  close(): Promise<void>
}

/**
 * Boots the registry with the chosen layers against a fresh, migrated database: a new PostgreSQL
 * database (dropped on close) or a new PGlite instance, and a Redis key prefix of its own.
 */
export async function createTestHost(options: TestHostOptions): Promise<TestHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'stratum-host-'))
  const config = testConfig({ DATA_DIR: dataDir, ...options.env })
  const logger = options.logger ?? createLogger(config.LOG_LEVEL)
  const cleanups: Array<() => Promise<void>> = [() => rm(dataDir, { recursive: true, force: true })]
  let database: Database
  let cache: CacheStore
  let databaseUrl: string | undefined
  if (options.target === 'postgres') {
    if (options.databaseUrl) {
      databaseUrl = options.databaseUrl
    } else {
      const fresh = await createFreshPostgresDatabase()
      cleanups.push(fresh.drop)
      databaseUrl = fresh.url
    }
    database = createPostgresDatabase(databaseUrl, logger)
    cache =
      options.cache ??
      (await createRedisCacheStore(TEST_REDIS_URL, logger, {
        prefix: `stratum-test:${randomBytes(6).toString('hex')}:`,
      }))
  } else {
    database = await pgliteTemplate(logger)
    cache = options.cache ?? new MemoryCacheStore()
  }
  const mail =
    options.mail ?? new DevMailbox(logger, { from: config.MAIL_FROM, print: () => undefined })
  try {
    const host = await createHost({
      config,
      layersConfig: options.layersConfig,
      extraLayers: options.extraLayers,
      env: options.env ?? {},
      platform: { database, cache, mail, logger },
    })
    return {
      host,
      target: options.target,
      databaseUrl,
      request: async (path, init, ip = '127.0.0.1') =>
        host.app.request(path, init, { incoming: { socket: { remoteAddress: ip } } }),
      close: async () => {
        await host.close()
        for (const cleanup of cleanups.reverse()) await cleanup()
      },
    }
  } catch (error) {
    for (const cleanup of cleanups.reverse()) await cleanup().catch(() => undefined)
    throw error
  }
}

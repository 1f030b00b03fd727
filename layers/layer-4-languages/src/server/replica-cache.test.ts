import { randomBytes } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost, type Host } from '@stratum/host-backend'
import {
  captureLogger,
  createPostgresDatabase,
  createRedisCacheStore,
  MemoryCacheStore,
  TEST_REDIS_URL,
} from '@stratum/host-backend/testing'
import type { CacheStore, Database } from '@stratum/layer-core/server'
import type { TranslationBundle } from '../shared/index.ts'
import {
  ADMIN,
  body,
  createLanguagesWorld,
  LANGUAGE_LAYERS,
  putValue,
  type World,
} from '../../test/languages-harness.ts'
import { VERSION_KEY } from './version-key.ts'

const BUNDLE = '/api/i18n/translations/pt-BR?namespace=authenticated'
const clientsIn = async (res: Response) =>
  (await body<TranslationBundle>(res)).messages.authenticated as
    { nav?: { clients?: string } } | undefined

/**
 * Two backend replicas: their own database pools and their own Redis connections, one database
 * and one Redis (one key prefix). An edit through A must be what B serves on the next request,
 * although B had the old bundle cached in process and in Redis.
 */
describe('languages cache across two replicas on PostgreSQL and Redis', () => {
  let w: World
  let b: Host
  let cacheA: CacheStore
  let cacheB: CacheStore
  let databaseB: Database
  const requestB = (path: string, init?: RequestInit) =>
    b.app.request(path, init, { incoming: { socket: { remoteAddress: '127.0.0.1' } } })

  beforeAll(async () => {
    const prefix = `stratum-test:${randomBytes(6).toString('hex')}:`
    const { logger } = captureLogger()
    cacheA = await createRedisCacheStore(TEST_REDIS_URL, logger, { prefix })
    w = await createLanguagesWorld('postgres', { cache: cacheA })
    cacheB = await createRedisCacheStore(TEST_REDIS_URL, logger, { prefix })
    databaseB = createPostgresDatabase(w.t.databaseUrl!, logger)
    b = await createHost({
      config: w.t.host.config,
      layersConfig: LANGUAGE_LAYERS,
      env: {},
      platform: { ...w.t.host.platform, database: databaseB, cache: cacheB },
    })
  })
  afterAll(async () => {
    // Closes B's own database pool and Redis connection too.
    await b?.close()
    await w?.t.close()
    await cacheA?.close()
  })

  it('serves an edit made on replica A from replica B at once', async () => {
    const created = await putValue(w, w.superadmin, {
      locale: 'pt-BR',
      namespace: 'authenticated',
      key: 'nav.clients',
      value: 'Fregueses',
    })
    expect(created.status).toBe(200)
    // B builds and caches the bundle (in Redis and in process), twice to be sure it is a hit.
    const first = await requestB(BUNDLE)
    expect((await clientsIn(first))?.nav?.clients).toBe('Fregueses')
    const etag = first.headers.get('etag')!
    expect((await requestB(BUNDLE, { headers: { 'if-none-match': etag } })).status).toBe(304)
    const version = await cacheB.get(VERSION_KEY)
    expect(version).toBeDefined()

    const item = (await body<{ item: { version: number } }>(created)).item
    const edited = await putValue(w, w.superadmin, {
      locale: 'pt-BR',
      namespace: 'authenticated',
      key: 'nav.clients',
      value: 'Clientela',
      version: item.version,
    })
    expect(edited.status).toBe(200)
    expect(await cacheB.get(VERSION_KEY)).not.toBe(version)

    const after = await requestB(BUNDLE, { headers: { 'if-none-match': etag } })
    expect(after.status).toBe(200)
    expect((await clientsIn(after))?.nav?.clients).toBe('Clientela')
  })

  it('follows a locale added on replica A in B’s live list', async () => {
    const ar = { code: 'ar', englishName: 'Arabic', nativeName: 'العربية', isRtl: true }
    expect((await w.json('POST', `${ADMIN}/locales`, w.superadmin, undefined, ar)).status).toBe(201)
    const locales = await body<{ locales: { code: string }[] }>(await requestB('/api/i18n/locales'))
    expect(locales.locales.map((l) => l.code)).toContain('ar')
    const layers = await body<{ locales: { code: string }[] }>(await requestB('/api/core/layers'))
    expect(layers.locales.map((l) => l.code)).toContain('ar')
  })
})

describe('languages cache in process (one replica)', () => {
  let w: World
  beforeAll(async () => {
    w = await createLanguagesWorld('embedded', { cache: new MemoryCacheStore() })
  })
  afterAll(() => w?.t.close())

  it('answers from the cache until a write, then the new value', async () => {
    const first = await w.t.request(BUNDLE)
    expect((await clientsIn(first))?.nav?.clients).toBeUndefined()
    const cache = w.t.host.platform.cache
    const version = await cache.get(VERSION_KEY)
    expect(version).toBeDefined()
    // The same answer is served from the cache: nothing in the database changed it.
    expect((await w.t.request(BUNDLE)).headers.get('etag')).toBe(first.headers.get('etag'))
    await putValue(w, w.superadmin, {
      locale: 'pt-BR',
      namespace: 'authenticated',
      key: 'nav.clients',
      value: 'Fregueses',
    })
    expect(await cache.get(VERSION_KEY)).not.toBe(version)
    expect((await clientsIn(await w.t.request(BUNDLE)))?.nav?.clients).toBe('Fregueses')
  })
})

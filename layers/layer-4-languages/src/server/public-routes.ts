import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { Context, TypedResponse } from 'hono'
import type { Kysely } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
  type CacheStore,
} from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { LanguagesErrorCode } from '../shared/errors.ts'
import { localeListSchema } from '../shared/locale-schemas.ts'
import { toLocale } from './to-locale.ts'
import { reportMissingBodySchema } from '../shared/missing-schemas.ts'
import {
  bundleParamSchema,
  bundleQuerySchema,
  bundleResponseSchema,
  keyParamSchema,
  myLocaleBodySchema,
  resolvedKeySchema,
  type TranslationBundle,
} from '../shared/translation-schemas.ts'
import { optionalTenantHeader, type LanguagesRouteDeps } from './route-deps.ts'
import type { LanguagesDatabase } from './tables.ts'

/** Reports one address may send per minute, and one session. */
export const MISSING_LIMITS = { perIp: 60, perSession: 30, windowMs: 60_000 } as const

const notLive = (locale: string) =>
  new AppError(404, LanguagesErrorCode.LOCALE_NOT_FOUND, `The locale '${locale}' is not active.`)

/** A short hash of the credential a request carries, so counters never hold a token. */
function sessionOf(c: Context): string | undefined {
  const credential =
    c.req.header('authorization') ??
    /(?:^|;\s*)(?:__Host-)?stratum_at=([^;\s]+)/.exec(c.req.header('cookie') ?? '')?.[1]
  return credential
    ? createHash('sha256').update(credential).digest('base64url').slice(0, 22)
    : undefined
}

async function limit(cache: CacheStore, key: string, max: number): Promise<void> {
  const state = await cache.increment(key, MISSING_LIMITS.windowMs).catch(() => undefined)
  if (state && state.count > max)
    throw new AppError(429, CoreErrorCode.RATE_LIMITED, 'Too many reports; try again later.', {
      retryAfterSeconds: Math.ceil(state.ttlMs / 1000),
    })
}

/** `/api/i18n/…`: locales, database wording for the SPA, my locale, missing-key reports. */
export function publicRoutes(deps: LanguagesRouteDeps & { cache: CacheStore }) {
  const { live, compiled, tags } = deps
  const db = deps.database.db as Kysely<LanguagesDatabase>

  /** The tenant whose overrides apply: only for a signed-in member naming it in X-Tenant-ID. */
  const tenantOf = async (c: Context): Promise<string | undefined> => {
    if (!deps.tenantDb || !c.req.header('x-tenant-id')) return undefined
    let tenantId: string | undefined
    await deps.requireAuth(c, async () => {
      tenantId = (await deps.tenantDb!.resolve(c)).tenant.id
    })
    return tenantId
  }

  const locales = createRoute({
    method: 'get',
    path: '/locales',
    tags,
    summary: 'The active locales, the default first',
    responses: { 200: jsonResponse(localeListSchema, 'Active locales') },
  })
  const bundle = createRoute({
    method: 'get',
    path: '/translations/{locale}',
    tags,
    summary:
      "Database wording for one locale (global, then the caller's tenant), to merge over the compiled messages",
    request: { params: bundleParamSchema, query: bundleQuerySchema, headers: optionalTenantHeader },
    responses: {
      200: jsonResponse(bundleResponseSchema, 'Namespace → messages; strong ETag'),
      304: { description: 'Unchanged since the ETag in If-None-Match' },
      401: errorResponse('X-Tenant-ID without a valid session'),
      403: errorResponse('Not a member of the tenant'),
      404: errorResponse('The locale is not active, or no such tenant'),
    },
  })
  const oneKey = createRoute({
    method: 'get',
    path: '/translations/{locale}/{key}',
    tags,
    summary: 'One key resolved: tenant → global → compiled → fallback → en-US',
    request: { params: keyParamSchema, headers: optionalTenantHeader },
    responses: {
      200: jsonResponse(resolvedKeySchema, 'The value and where it came from'),
      401: errorResponse('X-Tenant-ID without a valid session'),
      403: errorResponse('Not a member of the tenant'),
      404: errorResponse('The locale is not active, or the key is unknown'),
    },
  })
  const myLocale = createRoute({
    method: 'put',
    path: '/me/locale',
    tags,
    summary:
      "Save my locale (the design's PUT /api/users/me/locale): the same auth_users.locale the profile page changes",
    request: { body: jsonBody(myLocaleBodySchema) },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(myLocaleBodySchema, 'Saved'),
      401: errorResponse('Not signed in'),
      404: errorResponse('The locale is not active'),
    },
  })
  const missing = createRoute({
    method: 'post',
    path: '/missing',
    tags,
    summary: 'Report keys the SPA did not find (batched, deduplicated, rate-limited)',
    request: { body: jsonBody(reportMissingBodySchema) },
    responses: {
      202: jsonResponse(z.object({ accepted: z.number().int() }), 'Counted'),
      400: errorResponse('Invalid items'),
      429: errorResponse('Too many reports from this address or session'),
    },
  })

  return createRouter()
    .openapi(locales, async (c) => {
      await live.currentVersion()
      return c.json({ locales: live.allLocales.filter((l) => l.isActive).map(toLocale) }, 200)
    })
    .openapi(bundle, async (c) => {
      const { locale } = c.req.valid('param')
      const { namespace } = c.req.valid('query')
      const version = await live.currentVersion()
      if (!live.liveLocales.some((l) => l.code === locale)) throw notLive(locale)
      const tenantId = await tenantOf(c)
      const found = await live.bundle(locale, tenantId, namespace, version)
      const headers = {
        etag: found.etag,
        // Revalidate every time: the ETag makes that a 304 without a body.
        'cache-control': 'private, no-cache',
        vary: 'authorization, x-tenant-id',
      }
      if (c.req.header('if-none-match') === found.etag)
        return c.body(null, 304, headers) as unknown as TypedResponse<
          TranslationBundle,
          200,
          'json'
        >
      return c.body(found.body, 200, {
        ...headers,
        'content-type': 'application/json',
      }) as unknown as TypedResponse<TranslationBundle, 200, 'json'>
    })
    .openapi(oneKey, async (c) => {
      const { locale, key } = c.req.valid('param')
      await live.currentVersion()
      if (!live.liveLocales.some((l) => l.code === locale)) throw notLive(locale)
      const tenantId = await tenantOf(c)
      const found = await live.resolve(locale, key, tenantId)
      if (!found)
        throw new AppError(
          404,
          LanguagesErrorCode.TRANSLATION_KEY_UNKNOWN,
          `'${key}' is not a message of any enabled layer.`,
        )
      return c.json({ locale, key, ...found }, 200)
    })
    .openapi(myLocale, async (c) => {
      const { locale } = c.req.valid('json')
      await live.currentVersion()
      if (!live.liveLocales.some((l) => l.code === locale)) throw notLive(locale)
      const user = deps.currentUser(c)
      const before = await db
        .selectFrom('auth_users')
        .select('locale')
        .where('id', '=', user.id)
        .executeTakeFirst()
      if (before?.locale !== locale) {
        await db.updateTable('auth_users').set({ locale }).where('id', '=', user.id).execute()
        await audit(c, {
          action: 'languages.user_locale.changed',
          target: { type: 'user', id: user.id },
          before: { locale: before?.locale },
          after: { locale },
        })
      }
      return c.json({ locale }, 200)
    })
    .openapi(missing, async (c) => {
      await limit(deps.cache, `i18n:missing:ip:${c.get('clientIp')}`, MISSING_LIMITS.perIp)
      const session = sessionOf(c)
      if (session) await limit(deps.cache, `i18n:missing:s:${session}`, MISSING_LIMITS.perSession)
      const { items } = c.req.valid('json')
      await live.currentVersion()
      const seen = new Map<string, { locale: string; namespace: string; key: string }>()
      for (const item of items) {
        // Only keys some enabled layer compiles, in live locales that lack a compiled text:
        // anything else is noise (or abuse) and is not stored.
        if (compiled.source(item.namespace, item.key) === undefined) continue
        if (compiled.text(item.locale, item.namespace, item.key) !== undefined) continue
        if (!live.allLocales.some((l) => l.code === item.locale)) continue
        seen.set(`${item.locale}|${item.namespace}|${item.key}`, item)
      }
      const rows = [...seen.values()]
      if (rows.length > 0)
        await db
          .insertInto('i18n_missing_translations')
          .values(rows)
          .onConflict((oc) =>
            oc.columns(['locale', 'namespace', 'key']).doUpdateSet((eb) => ({
              request_count: eb('i18n_missing_translations.request_count', '+', 1),
              last_seen: new Date(),
            })),
          )
          .execute()
      return c.json({ accepted: rows.length }, 202)
    })
}

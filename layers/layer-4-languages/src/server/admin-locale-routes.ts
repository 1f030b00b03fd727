import { createRoute } from '@hono/zod-openapi'
import { sql } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
} from '@stratum/layer-core/server'
import { SOURCE_LOCALE } from '@stratum/layer-core/shared'
import { LanguagesErrorCode } from '../shared/errors.ts'
import {
  createLocaleBodySchema,
  localeListSchema,
  localeParamSchema,
  localeSchema,
  updateLocaleBodySchema,
} from '../shared/locale-schemas.ts'
import type { LiveTranslations, LocaleEntry } from './live-translations.ts'
import { toLocale } from './to-locale.ts'
import type { LanguagesRouteDeps } from './route-deps.ts'
import { inScope } from './translation-scope.ts'

const denied = errorResponse('Not a superadmin (i18n.manage)')

const find = (live: LiveTranslations, code: string) => {
  const found = live.allLocales.find((l) => l.code === code)
  if (!found)
    throw new AppError(404, LanguagesErrorCode.LOCALE_NOT_FOUND, `There is no locale '${code}'.`)
  return found
}

/** `/api/admin/languages/locales`: every locale, and adding, changing and removing them. */
export function adminLocaleRoutes(deps: LanguagesRouteDeps) {
  const { live, tags } = deps
  const checkFallback = (code: string, fallback: string | null | undefined) => {
    if (fallback == null) return
    if (fallback === code || !live.allLocales.some((l) => l.code === fallback))
      throw new AppError(
        422,
        LanguagesErrorCode.LOCALE_FALLBACK_INVALID,
        `The fallback '${fallback}' is not another known locale.`,
      )
  }
  const protectedLocale = (l: LocaleEntry) => l.isDefault || l.code === SOURCE_LOCALE

  const list = createRoute({
    method: 'get',
    path: '/locales',
    tags,
    summary: 'Every locale, active or not',
    middleware: [deps.requireAuth],
    responses: { 200: jsonResponse(localeListSchema, 'Locales'), 403: denied },
  })
  const create = createRoute({
    method: 'post',
    path: '/locales',
    tags,
    summary: 'Add a locale at run time (no rebuild)',
    request: { body: jsonBody(createLocaleBodySchema) },
    middleware: [deps.requireAuth],
    responses: {
      201: jsonResponse(localeSchema, 'Added'),
      403: denied,
      409: errorResponse('The code exists'),
      422: errorResponse('Unknown fallback'),
    },
  })
  const update = createRoute({
    method: 'patch',
    path: '/locales/{code}',
    tags,
    summary: 'Change a locale; isDefault: true moves the default here',
    request: { params: localeParamSchema, body: jsonBody(updateLocaleBodySchema) },
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(localeSchema, 'Changed'),
      403: denied,
      404: errorResponse('No such locale'),
      409: errorResponse('The default locale and en-US stay active'),
      422: errorResponse('Unknown fallback'),
    },
  })
  const remove = createRoute({
    method: 'delete',
    path: '/locales/{code}',
    tags,
    summary: 'Remove a locale and its values (not the default, not en-US)',
    request: { params: localeParamSchema },
    middleware: [deps.requireAuth],
    responses: {
      204: { description: 'Removed' },
      403: denied,
      404: errorResponse('No such locale'),
      409: errorResponse('The default locale and en-US cannot be removed'),
    },
  })

  return createRouter()
    .openapi(list, async (c) => {
      await inScope(deps, c, 'global', async () => undefined)
      await live.currentVersion()
      return c.json({ locales: live.allLocales.map(toLocale) }, 200)
    })
    .openapi(create, async (c) => {
      const body = c.req.valid('json')
      await live.currentVersion()
      if (live.allLocales.some((l) => l.code.toLowerCase() === body.code.toLowerCase()))
        throw new AppError(409, LanguagesErrorCode.LOCALE_EXISTS, `'${body.code}' exists.`)
      checkFallback(body.code, body.fallback)
      await inScope(deps, c, 'global', async ({ trx }) => {
        if (body.isDefault)
          await trx.updateTable('i18n_locales').set({ is_default: false }).execute()
        await trx
          .insertInto('i18n_locales')
          .values({
            code: body.code,
            english_name: body.englishName,
            native_name: body.nativeName,
            flag: body.flag ?? null,
            is_rtl: body.isRtl,
            is_active: body.isActive || body.isDefault,
            is_default: body.isDefault,
            fallback: body.fallback ?? null,
          })
          .execute()
        await audit(c, {
          action: 'languages.locale.created',
          target: { type: 'locale', id: body.code },
          after: { ...body },
        })
      })
      await live.changed()
      return c.json(toLocale(find(live, body.code)), 201)
    })
    .openapi(update, async (c) => {
      const { code } = c.req.valid('param')
      const body = c.req.valid('json')
      await live.currentVersion()
      const before = find(live, code)
      if (body.isActive === false && protectedLocale(before))
        throw new AppError(
          409,
          LanguagesErrorCode.LOCALE_PROTECTED,
          'The default locale and en-US stay active.',
        )
      if (body.fallback !== undefined) checkFallback(code, body.fallback)
      await inScope(deps, c, 'global', async ({ trx }) => {
        if (body.isDefault)
          await trx.updateTable('i18n_locales').set({ is_default: false }).execute()
        await trx
          .updateTable('i18n_locales')
          .set({
            ...(body.englishName !== undefined ? { english_name: body.englishName } : {}),
            ...(body.nativeName !== undefined ? { native_name: body.nativeName } : {}),
            ...(body.flag !== undefined ? { flag: body.flag } : {}),
            ...(body.isRtl !== undefined ? { is_rtl: body.isRtl } : {}),
            ...(body.isActive !== undefined ? { is_active: body.isActive } : {}),
            ...(body.isDefault ? { is_default: true, is_active: true } : {}),
            ...(body.fallback !== undefined ? { fallback: body.fallback } : {}),
            updated_at: sql<Date>`now()`,
          })
          .where('code', '=', code)
          .execute()
        await audit(c, {
          action: 'languages.locale.updated',
          target: { type: 'locale', id: code },
          before: toLocale(before),
          after: { ...body },
        })
      })
      await live.changed()
      return c.json(toLocale(find(live, code)), 200)
    })
    .openapi(remove, async (c) => {
      const { code } = c.req.valid('param')
      await live.currentVersion()
      const before = find(live, code)
      if (protectedLocale(before))
        throw new AppError(
          409,
          LanguagesErrorCode.LOCALE_PROTECTED,
          'The default locale and en-US cannot be removed.',
        )
      await inScope(deps, c, 'global', async ({ trx }) => {
        // Tenant values of the locale go too (the foreign key cascades past row-level security).
        await trx.deleteFrom('i18n_locales').where('code', '=', code).execute()
        await audit(c, {
          action: 'languages.locale.deleted',
          target: { type: 'locale', id: code },
          before: toLocale(before),
        })
      })
      await live.changed()
      return c.body(null, 204)
    })
}

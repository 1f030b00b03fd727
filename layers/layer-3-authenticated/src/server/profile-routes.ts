import { createRoute } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { sql, type Kysely } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
  type MessageCatalog,
} from '@stratum/layer-core/server'
import { CoreErrorCode, DEFAULT_LOCALE } from '@stratum/layer-core/shared'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import { changedFields } from '@stratum/layer-multitenant/server'
import {
  profileSchema,
  readUserSettings,
  updateProfileBodySchema,
  updateUserSettingsBodySchema,
  userSettingsSchema,
  type Profile,
} from '../shared/settings-schemas.ts'
import { tags } from './openapi-tags.ts'
import type { AuthenticatedDatabase } from './tables.ts'

/** What the profile routes need: no tenant, the plain runtime database and the signed-in user. */
export interface ProfileDeps {
  db: Kysely<AuthenticatedDatabase>
  requireAuth: MiddlewareHandler
  currentUser: (c: Context) => AuthPrincipal
  /** The live locales: a stored locale must be one of them. */
  messages: Pick<MessageCatalog, 'has'>
}

/**
 * `/api/app/profile` and `/api/app/settings/user`: the signed-in user's own account and
 * preferences. Not tenant data: they need sign-in only, and no X-Tenant-ID.
 */
export function profileRoutes(deps: ProfileDeps) {
  const { db } = deps
  const signedIn = [deps.requireAuth]
  const unauthenticated = errorResponse('Not signed in')
  const getProfile = createRoute({
    method: 'get',
    path: '/profile',
    tags,
    middleware: signedIn,
    responses: { 200: jsonResponse(profileSchema, 'My profile'), 401: unauthenticated },
  })
  const patchProfile = createRoute({
    method: 'patch',
    path: '/profile',
    tags,
    summary: 'Change my name or preferred locale',
    middleware: signedIn,
    request: { body: jsonBody(updateProfileBodySchema) },
    responses: {
      200: jsonResponse(profileSchema, 'Updated'),
      400: errorResponse('Invalid fields (details.fields)'),
      401: unauthenticated,
    },
  })
  const getSettings = createRoute({
    method: 'get',
    path: '/settings/user',
    tags,
    middleware: signedIn,
    responses: {
      200: jsonResponse(userSettingsSchema, 'My preferences (defaults filled in)'),
      401: unauthenticated,
    },
  })
  const patchSettings = createRoute({
    method: 'patch',
    path: '/settings/user',
    tags,
    summary: 'Change some of my preferences; the rest stay',
    middleware: signedIn,
    request: { body: jsonBody(updateUserSettingsBodySchema) },
    responses: {
      200: jsonResponse(userSettingsSchema, 'Updated'),
      400: errorResponse('Invalid fields (details.fields)'),
      401: unauthenticated,
    },
  })

  const profile = async (userId: string): Promise<Profile> => {
    const row = await db
      .selectFrom('auth_users')
      .select(['id', 'email', 'name', 'locale'])
      .where('id', '=', userId)
      .executeTakeFirstOrThrow()
    // A locale that is no longer live (its source was removed) reads as the default.
    const locale = deps.messages.has(row.locale) ? row.locale : DEFAULT_LOCALE
    return { id: row.id, email: row.email, name: row.name, locale }
  }
  const settings = async (userId: string) => {
    const row = await db
      .selectFrom('app_user_settings')
      .select('settings')
      .where('user_id', '=', userId)
      .executeTakeFirst()
    return readUserSettings(row?.settings)
  }

  return createRouter()
    .openapi(getProfile, async (c) => c.json(await profile(deps.currentUser(c).id), 200))
    .openapi(patchProfile, async (c) => {
      const user = deps.currentUser(c)
      const body = c.req.valid('json')
      if (body.locale !== undefined && !deps.messages.has(body.locale)) {
        throw new AppError(400, CoreErrorCode.VALIDATION_FAILED, 'The body is invalid.', {
          fields: { locale: [`'${body.locale}' is not one of the app's locales.`] },
        })
      }
      const values = {
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.locale === undefined ? {} : { locale: body.locale }),
      }
      if (Object.keys(values).length > 0) {
        const changed = await db.transaction().execute(async (trx) => {
          const before = await trx
            .selectFrom('auth_users')
            .select(['name', 'locale'])
            .where('id', '=', user.id)
            .forUpdate()
            .executeTakeFirstOrThrow()
          const after = await trx
            .updateTable('auth_users')
            .set(values)
            .where('id', '=', user.id)
            .returning(['name', 'locale'])
            .executeTakeFirstOrThrow()
          return changedFields(before, after, Object.keys(values) as Array<keyof typeof values>)
        })
        // Not tenant data: no request transaction, so the sinks write on their own.
        await audit(c, {
          action: 'authenticated.profile.updated',
          target: { type: 'user', id: user.id },
          ...changed,
        })
      }
      return c.json(await profile(user.id), 200)
    })
    .openapi(getSettings, async (c) => c.json(await settings(deps.currentUser(c).id), 200))
    .openapi(patchSettings, async (c) => {
      const userId = deps.currentUser(c).id
      const patch = JSON.stringify(c.req.valid('json'))
      // One statement: concurrent patches of different keys both survive.
      await db
        .insertInto('app_user_settings')
        .values({ user_id: userId, settings: patch })
        .onConflict((oc) =>
          oc.column('user_id').doUpdateSet({
            settings: sql`app_user_settings.settings || excluded.settings`,
            updated_at: sql`now()`,
          }),
        )
        .execute()
      return c.json(await settings(userId), 200)
    })
}

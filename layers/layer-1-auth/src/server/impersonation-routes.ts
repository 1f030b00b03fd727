import { createRoute } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
} from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { AuthErrorCode } from '../shared/errors.ts'
import { startImpersonationBodySchema } from '../shared/impersonation-api.ts'
import { IMPERSONATION_LIMITS } from '../shared/impersonation-limits.ts'
import { sessionResponseSchema } from '../shared/schemas.ts'
import type { AccessTokens } from './access-tokens.ts'
import {
  clearOwnRefreshCookie,
  clearSessionCookies,
  readAccessCookie,
  readOwnRefreshCookie,
  readRefreshCookie,
  setOwnRefreshCookie,
  setSessionCookies,
} from './cookies.ts'
import { assertSameOrigin, type OriginPolicy } from './csrf.ts'
import {
  impersonationOfSession,
  markImpersonationEnded,
  recordImpersonation,
} from './impersonation-store.ts'
import type { RefreshTokens } from './refresh-tokens.ts'
import { currentUser } from './require-auth.ts'
import type { SessionAnswer } from './session-answer.ts'
import type { AuthDatabase } from './tables.ts'

const tags = ['auth']
// Typed wide: the literal type stops zod-openapi inferring a route that also has a request body.
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }]

const start = createRoute({
  method: 'post',
  path: '/impersonation',
  tags,
  summary: 'Act as a user (superadmins), for at most 15 minutes, with a reason',
  request: { body: jsonBody(startImpersonationBodySchema) },
  security,
  responses: {
    201: jsonResponse(
      sessionResponseSchema,
      "A session as the user; the superadmin's own is kept aside",
    ),
    400: errorResponse('Missing or invalid reason or user id'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not a superadmin, or the user cannot be impersonated'),
    404: errorResponse('No such user'),
    409: errorResponse('Already acting as a user'),
    422: errorResponse('The tenant does not exist, or the user is not a member of it'),
  },
})
const stop = createRoute({
  method: 'post',
  path: '/impersonation/stop',
  tags,
  summary: "End the impersonation and restore the superadmin's own session",
  responses: {
    200: jsonResponse(sessionResponseSchema, "The superadmin's own session, restored"),
    204: { description: 'Ended; there was no own session to restore (API clients)' },
    401: errorResponse("The superadmin's own session has ended meanwhile: sign in again"),
    403: errorResponse('Foreign origin'),
    409: errorResponse('This session is not an impersonation'),
  },
})

/**
 * One contribution to `auth.impersonationTenant`: checks the tenant a superadmin names when acting
 * as a user. Resolves to `undefined` when the user belongs there, else to the reason it does not
 * (shown to the superadmin). The layer that keeps tenants contributes it; with none, a named
 * tenant is refused, since no tenant exists.
 */
export type ImpersonationTenantCheck = (input: {
  tenantId: string
  userId: string
}) => Promise<string | undefined>

/** What the impersonation routes need. */
export interface ImpersonationRoutesDeps {
  db: Kysely<AuthDatabase>
  accessTokens: AccessTokens
  refreshTokens: RefreshTokens
  origins: OriginPolicy
  requireAuth: MiddlewareHandler
  session: SessionAnswer
  /** The `auth.impersonationTenant` contributions. @default [] */
  impersonationTenantChecks?: readonly ImpersonationTenantCheck[] | undefined
}

const refused = (message: string) => new AppError(403, AuthErrorCode.IMPERSONATION_REFUSED, message)
const noSuchUser = () => new AppError(404, AuthErrorCode.USER_NOT_FOUND, 'There is no such user.')

/**
 * Refuses (422) a tenant the user does not belong to, by the contributed checks; without any,
 * this platform keeps no tenants and none can be named.
 */
async function checkTenant(
  checks: readonly ImpersonationTenantCheck[],
  tenantId: string,
  userId: string,
): Promise<void> {
  const invalid = (message: string) =>
    new AppError(422, AuthErrorCode.IMPERSONATION_TENANT_INVALID, message, {
      fields: { tenantId: message },
    })
  if (checks.length === 0) throw invalid('This platform has no tenants; leave the tenant out.')
  for (const check of checks) {
    const reason = await check({ tenantId, userId })
    if (reason !== undefined) throw invalid(reason)
  }
}

/** `/api/auth/impersonation` (start) and `/api/auth/impersonation/stop`. */
export function impersonationRoutes(deps: ImpersonationRoutesDeps) {
  const { db, refreshTokens, session } = deps

  /** The session a stop request comes from: its refresh cookie, else its access token. */
  async function currentSession(c: Context): Promise<string | undefined> {
    const refresh = readRefreshCookie(c)
    if (refresh) return (await refreshTokens.familyOf(db, refresh))?.familyId
    const bearer = /^Bearer\s+(\S+)$/.exec(c.req.header('authorization') ?? '')?.[1]
    const token = bearer ?? readAccessCookie(c)
    if (!token) return undefined
    // An expired token names no session to end: the kept one may still be restored.
    return deps.accessTokens.verify(token).then(
      (claims) => claims.sid,
      () => undefined,
    )
  }

  const router = createRouter()
  router.use('/impersonation', deps.requireAuth)
  return router
    .openapi(start, async (c) => {
      const caller = currentUser(c)
      if (caller.assumedBy)
        throw new AppError(
          409,
          AuthErrorCode.ALREADY_IMPERSONATING,
          'You are already acting as another user; stop that first.',
        )
      const { userId, tenantId, reason } = c.req.valid('json')
      // The token's flag is as old as the token: ask the database for so strong a right.
      const superadmin = await db
        .selectFrom('auth_users')
        .selectAll()
        .where('id', '=', caller.id)
        .executeTakeFirst()
      if (!superadmin?.is_superadmin || !superadmin.is_active)
        throw new AppError(403, CoreErrorCode.FORBIDDEN, 'Only a superadmin can act as a user.')
      // The tenant is recorded with the impersonation and in the audit trail: it must be one the
      // user belongs to, not whatever was sent. Checked before the transaction below: on the
      // embedded database a check beside it would wait for its one connection.
      if (tenantId) {
        const known = await db
          .selectFrom('auth_users')
          .select('id')
          .where('id', '=', userId)
          .executeTakeFirst()
        if (!known) throw noSuchUser()
        await checkTenant(deps.impersonationTenantChecks ?? [], tenantId, userId)
      }
      const started = await db.transaction().execute(async (trx) => {
        const target = await trx
          .selectFrom('auth_users')
          .selectAll()
          .where('id', '=', userId)
          .executeTakeFirst()
        if (!target) throw noSuchUser()
        if (target.is_superadmin)
          throw refused('A superadmin cannot be impersonated; ask them to look for you.')
        if (!target.is_active)
          throw refused('This account is disabled, so nobody can act as its user.')
        const startedAt = new Date()
        const endsAt = new Date(startedAt.getTime() + IMPERSONATION_LIMITS.minutes * 60_000)
        const refresh = await refreshTokens.issue(trx, target.id, {
          endsAt,
          userAgent: c.req.header('user-agent'),
          ip: c.get('clientIp'),
        })
        const id = await recordImpersonation(trx, {
          superadminId: superadmin.id,
          targetUserId: target.id,
          tenantId,
          reason,
          startedAt,
          endsAt,
          familyId: refresh.familyId,
        })
        return { id, target, refresh, endsAt }
      })
      const { access, body } = await session(started.target, started.refresh, {
        sub: superadmin.id,
        email: superadmin.email,
      })
      const own = readRefreshCookie(c)
      if (own) setOwnRefreshCookie(c, own)
      setSessionCookies(c, access.token, started.refresh.token)
      await audit(c, {
        action: 'auth.impersonation.started',
        actorId: superadmin.id,
        target: { type: 'user', id: started.target.id },
        reason,
        after: {
          impersonationId: started.id,
          tenantId: tenantId ?? null,
          endsAt: started.endsAt.toISOString(),
        },
      })
      const impersonation = {
        by: { id: superadmin.id, email: superadmin.email },
        endsAt: started.endsAt.toISOString(),
        reason,
        tenantId: tenantId ?? null,
      }
      return c.json({ ...body, impersonation }, 201)
    })
    .openapi(stop, async (c) => {
      assertSameOrigin(c, deps.origins, true)
      const familyId = await currentSession(c)
      const record = familyId ? await impersonationOfSession(db, familyId) : undefined
      const own = readOwnRefreshCookie(c)
      // Without the impersonation's cookies (its time ran out and a refresh cleared them), the
      // kept session alone is restored.
      if (!record && !own)
        throw new AppError(
          409,
          AuthErrorCode.NOT_IMPERSONATING,
          'This session is not acting as another user.',
        )
      if (record) {
        const stopped = await markImpersonationEnded(db, record.familyId)
        await refreshTokens.endSession(db, record.familyId)
        if (stopped)
          await audit(c, {
            action: 'auth.impersonation.stopped',
            actorId: record.superadminId,
            target: { type: 'user', id: record.targetUserId },
            reason: record.reason,
            after: { impersonationId: record.id },
          })
      }
      clearOwnRefreshCookie(c)
      if (!own) {
        clearSessionCookies(c)
        return c.body(null, 204)
      }
      try {
        const rotated = await refreshTokens.rotate(
          db,
          own,
          (input) => audit(c, input),
          c.get('clientIp'),
        )
        const superadmin = await db
          .selectFrom('auth_users')
          .selectAll()
          .where('id', '=', rotated.userId)
          .executeTakeFirstOrThrow()
        // The kept token must be the impersonator's: anything else is not restored.
        const owner = record ? superadmin.id === record.superadminId : superadmin.is_superadmin
        if (!owner || !superadmin.is_active) {
          await refreshTokens.endSession(db, rotated.familyId)
          throw new AppError(401, AuthErrorCode.UNAUTHENTICATED, 'Sign in again to continue.')
        }
        const { access, body } = await session(superadmin, rotated)
        setSessionCookies(c, access.token, rotated.token)
        return c.json({ ...body, impersonation: null }, 200)
      } catch (error) {
        clearSessionCookies(c)
        throw error
      }
    })
}

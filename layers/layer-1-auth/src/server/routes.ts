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
  type MessageCatalog,
  type ThemeCatalog,
} from '@stratum/layer-core/server'
import { AuthErrorCode } from '../shared/errors.ts'
import { AUTH_LIMITS } from '../shared/limits.ts'
import {
  meResponseSchema,
  requestOtpBodySchema,
  requestOtpResponseSchema,
  sessionResponseSchema,
  verifyOtpBodySchema,
} from '../shared/schemas.ts'
import { localeFromHeader } from './accept-language.ts'
import type { AccessTokens } from './access-tokens.ts'
import {
  clearOwnRefreshCookie,
  clearSessionCookies,
  readOwnRefreshCookie,
  readRefreshCookie,
  setSessionCookies,
} from './cookies.ts'
import { assertSameOrigin, assertSecureTransport, type OriginPolicy } from './csrf.ts'
import {
  impersonationOfSession,
  isRunning,
  markImpersonationEnded,
  toImpersonation,
} from './impersonation-store.ts'
import { impersonationRoutes } from './impersonation-routes.ts'
import { liveLocale, liveLocaleCodes } from './live-locale.ts'
import type { OtpService, SignInRequest } from './otp-service.ts'
import type { RefreshTokens } from './refresh-tokens.ts'
import type { ImpersonationTenantCheck } from './impersonation-routes.ts'
import { currentUser } from './require-auth.ts'
import { sessionAnswer } from './session-answer.ts'
import { sessionsRoutes } from './sessions-routes.ts'
import type { AuthDatabase } from './tables.ts'
import { toAuthUser } from './to-auth-user.ts'

const tags = ['auth']
const limited = errorResponse('Too many requests or account locked (Retry-After)')
const unavailable = errorResponse('The cache or the mail transport is unavailable')

const requestOtp = createRoute({
  method: 'post',
  path: '/request-otp',
  tags,
  summary: 'Send a sign-in code by email',
  request: { body: jsonBody(requestOtpBodySchema) },
  responses: {
    202: jsonResponse(
      requestOtpResponseSchema,
      'Same answer whether or not the email has an account',
    ),
    400: errorResponse('Invalid email or locale code'),
    429: limited,
    503: unavailable,
  },
})
const verifyOtp = createRoute({
  method: 'post',
  path: '/verify-otp',
  tags,
  summary: 'Exchange a code for a session',
  request: { body: jsonBody(verifyOtpBodySchema) },
  responses: {
    200: jsonResponse(sessionResponseSchema, 'Signed in; cookies set'),
    400: errorResponse('Wrong, expired or dead code'),
    403: errorResponse('Account disabled or foreign origin'),
    409: errorResponse('The right code, already used by another submission'),
    429: limited,
    503: unavailable,
  },
})
const refresh = createRoute({
  method: 'post',
  path: '/refresh',
  tags,
  summary: 'Rotate the refresh token and issue a new access token',
  responses: {
    200: jsonResponse(
      sessionResponseSchema,
      'New session cookies (the same pair for a replay within the grace window)',
    ),
    401: errorResponse(
      'Missing, invalid or reused refresh token, or an impersonation whose time is up',
    ),
    403: errorResponse('Foreign origin'),
  },
})
const logout = createRoute({
  method: 'post',
  path: '/logout',
  tags,
  summary: 'Revoke the session family, end its access tokens and clear the cookies',
  responses: { 204: { description: 'Signed out' }, 403: errorResponse('Foreign origin') },
})
const me = createRoute({
  method: 'get',
  path: '/me',
  tags,
  summary: 'The signed-in user',
  security: [{ bearerAuth: [] }, { cookieAuth: [] }],
  responses: {
    200: jsonResponse(meResponseSchema, 'The user'),
    401: errorResponse('Not signed in'),
  },
})

export interface AuthRoutesDeps {
  db: Kysely<AuthDatabase>
  otp: OtpService
  accessTokens: AccessTokens
  refreshTokens: RefreshTokens
  themes: ThemeCatalog
  /** The live locales (an open set) and the mail texts. */
  messages: MessageCatalog
  origins: OriginPolicy
  production: boolean
  requireAuth: MiddlewareHandler
  /** The `auth.impersonationTenant` contributions. @default [] */
  impersonationTenantChecks?: readonly ImpersonationTenantCheck[]
}

/** The client's address and the request's audit trail, for the services. */
const signInRequest = (c: Context): SignInRequest => ({
  ip: c.get('clientIp'),
  audit: (input) => audit(c, input),
})

/** `/api/auth/*`: request and verify codes, refresh, logout, me. */
export function authRoutes(deps: AuthRoutesDeps) {
  const { db, otp, accessTokens, refreshTokens, origins, messages } = deps
  /** The first live locale the `Accept-Language` header asks for. */
  const headerLocale = (c: Context) =>
    localeFromHeader(c.req.header('accept-language'), liveLocaleCodes(messages))
  /** The answer to a sign-in or refresh: the access token that goes with `refresh`. */
  const session = sessionAnswer(accessTokens, messages)
  /** 401 for a refresh of an impersonation that was stopped or whose time is up. */
  const impersonationEnded = () =>
    new AppError(
      401,
      AuthErrorCode.IMPERSONATION_ENDED,
      'The time to act as this user is up; stop to return to your own session.',
    )

  const router = createRouter()
  router.use('/me', deps.requireAuth)
  return router
    .openapi(requestOtp, async (c) => {
      assertSameOrigin(c, origins, false)
      const { email, locale } = c.req.valid('json')
      await otp.request(
        {
          email,
          theme: deps.themes.forHost(c.req.header('host')),
          // A well-formed code that is not live counts as no preference.
          locale: liveLocale(messages, locale) ?? headerLocale(c),
        },
        signInRequest(c),
      )
      return c.json(
        {
          message: 'If this address can receive mail, a sign-in code is on its way.',
          resendAfterSeconds: AUTH_LIMITS.resendCooldownSeconds,
          expiresInSeconds: AUTH_LIMITS.codeTtlSeconds,
        },
        202,
      )
    })
    .openapi(verifyOtp, async (c) => {
      assertSameOrigin(c, origins, false)
      assertSecureTransport(c, deps.production)
      const { email, code } = c.req.valid('json')
      const { user, session: started } = await otp.verify(
        { email, code, locale: headerLocale(c) },
        signInRequest(c),
        (u, trx) =>
          refreshTokens.issue(trx, u.id, {
            userAgent: c.req.header('user-agent'),
            ip: c.get('clientIp'),
          }),
      )
      const { access, body } = await session(user, started)
      setSessionCookies(c, access.token, started.token)
      // A new sign-in replaces whatever session an impersonation had kept aside.
      if (readOwnRefreshCookie(c)) clearOwnRefreshCookie(c)
      return c.json(body, 200)
    })
    .openapi(refresh, async (c) => {
      assertSameOrigin(c, origins, true)
      assertSecureTransport(c, deps.production)
      const token = readRefreshCookie(c)
      // Without a refresh token a leftover presence cookie would make every load ask again.
      if (!token) {
        clearSessionCookies(c)
        throw new AppError(
          401,
          AuthErrorCode.REFRESH_TOKEN_INVALID,
          'There is no session to refresh; sign in again.',
        )
      }
      try {
        const rotated = await refreshTokens
          .rotate(db, token, (input) => audit(c, input), c.get('clientIp'))
          .catch(async (error: unknown) => {
            const family = await refreshTokens.familyOf(db, token)
            const ended = family && (await impersonationOfSession(db, family.familyId))
            throw ended ? impersonationEnded() : error
          })
        // A session with a fixed end is an impersonation: it still names its superadmin.
        const record = rotated.endsAt
          ? await impersonationOfSession(db, rotated.familyId)
          : undefined
        if (rotated.endsAt && (!record || !isRunning(record))) {
          await refreshTokens.endSession(db, rotated.familyId)
          throw impersonationEnded()
        }
        const act = record && { sub: record.superadminId, email: record.superadminEmail }
        const user = await db
          .selectFrom('auth_users')
          .selectAll()
          .where('id', '=', rotated.userId)
          .executeTakeFirstOrThrow()
        if (!user.is_active)
          throw new AppError(
            403,
            AuthErrorCode.ACCOUNT_DISABLED,
            'This account is disabled; contact your administrator.',
          )
        const { access, body } = await session(user, rotated, act)
        setSessionCookies(c, access.token, rotated.token)
        return c.json({ ...body, impersonation: record ? toImpersonation(record) : null }, 200)
      } catch (error) {
        clearSessionCookies(c)
        throw error
      }
    })
    .openapi(logout, async (c) => {
      assertSameOrigin(c, origins, true)
      const token = readRefreshCookie(c)
      const ended = token ? await refreshTokens.revokeFamily(db, token) : undefined
      // Signing out while acting as someone ends the impersonation and the session kept aside.
      const own = readOwnRefreshCookie(c)
      const keptAside = own ? await refreshTokens.revokeFamily(db, own) : undefined
      const record = ended && (await impersonationOfSession(db, ended.familyId))
      if (record) await markImpersonationEnded(db, record.familyId)
      clearSessionCookies(c)
      if (own) clearOwnRefreshCookie(c)
      for (const out of [ended, keptAside])
        if (out)
          await audit(c, {
            action: 'auth.session.signed_out',
            actorId: record?.superadminId ?? out.userId,
            target: { type: 'user', id: out.userId },
          })
      return c.body(null, 204)
    })
    .openapi(me, async (c) => {
      const user = await db
        .selectFrom('auth_users')
        .selectAll()
        .where('id', '=', currentUser(c).id)
        .executeTakeFirst()
      if (!user || !user.is_active)
        throw new AppError(401, AuthErrorCode.UNAUTHENTICATED, 'Sign in to continue.')
      const { assumedBy, sessionId } = currentUser(c)
      const record =
        assumedBy && sessionId ? await impersonationOfSession(db, sessionId) : undefined
      return c.json(
        {
          user: toAuthUser(user, messages),
          impersonation: record ? toImpersonation(record) : null,
        },
        200,
      )
    })
    .route('/', impersonationRoutes({ ...deps, session }))
    .route('/', sessionsRoutes(deps))
}

import type { Context, MiddlewareHandler } from 'hono'
import { AppError, setRequestActor } from '@stratum/layer-core/server'
import { AuthErrorCode } from '../shared/errors.ts'
import type { AccessTokens } from './access-tokens.ts'
import { readAccessCookie } from './cookies.ts'
import { assertSameOrigin, type OriginPolicy } from './csrf.ts'

/** The signed-in user as other layers see it (from the access token; no database round trip). */
export interface AuthPrincipal {
  id: string
  email: string
  isSuperadmin: boolean
  /** The session (refresh-token family, the token's `sid`) the request comes from. */
  sessionId?: string
  /** The superadmin acting as this user (impersonation), from the token's `act` claim. */
  assumedBy?: { id: string; email: string }
}

declare module 'hono' {
  interface ContextVariableMap {
    authUser: AuthPrincipal
  }
}

const BEARER = /^Bearer\s+([A-Za-z0-9._~+/-]+=*)$/

/**
 * Accepts `Authorization: Bearer` (API clients) or the access cookie (the SPA). Unsafe requests
 * authenticated by cookie must pass the Origin check. A token whose session has ended (logout,
 * refresh-token reuse) is refused although it has not expired. The user becomes the request's
 * actor, for audit records and request events.
 */
export function createRequireAuth(tokens: AccessTokens, policy: OriginPolicy): MiddlewareHandler {
  return async function requireAuth(c, next) {
    const header = c.req.header('authorization')
    const bearer = header ? BEARER.exec(header)?.[1] : undefined
    if (header && !bearer)
      throw new AppError(
        401,
        AuthErrorCode.TOKEN_INVALID,
        'The Authorization header must be "Bearer <token>".',
      )
    const token = bearer ?? readAccessCookie(c)
    if (!token) throw new AppError(401, AuthErrorCode.UNAUTHENTICATED, 'Sign in to continue.')
    if (!bearer) assertSameOrigin(c, policy, true)
    const claims = await tokens.verify(token)
    if (await tokens.isSessionRevoked(claims.sid))
      throw new AppError(401, AuthErrorCode.TOKEN_INVALID, 'This session has ended; sign in again.')
    const principal: AuthPrincipal = {
      id: claims.sub,
      email: claims.email,
      isSuperadmin: claims.sa,
      sessionId: claims.sid,
    }
    if (claims.act) principal.assumedBy = { id: claims.act.sub, email: claims.act.email }
    c.set('authUser', principal)
    setRequestActor(c, claims.sub, claims.act?.sub)
    await next()
  }
}

/** The signed-in user of a request that passed `requireAuth`. */
export function currentUser(c: Context): AuthPrincipal {
  const user = c.get('authUser')
  if (!user) throw new AppError(401, AuthErrorCode.UNAUTHENTICATED, 'Sign in to continue.')
  return user
}

import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'
import { AUTH_LIMITS } from '../shared/limits.ts'
import { SIGNED_IN_COOKIE } from '../shared/session-presence.ts'

const ACCESS = 'stratum_at'
const REFRESH = 'stratum_rt'

// Over https the cookies get the __Host- prefix (Secure, Path=/, no Domain): no subdomain can
// plant or overwrite them. Hono adds the prefix itself. Plain http is for localhost development.
// The presence cookie (shared/session-presence.ts) is the one the SPA may read: not HttpOnly.
const options = (secure: boolean, maxAge: number, httpOnly = true): CookieOptions =>
  secure
    ? { httpOnly, secure: true, sameSite: 'Lax', path: '/', maxAge, prefix: 'host' }
    : { httpOnly, secure: false, sameSite: 'Lax', path: '/', maxAge }

/**
 * Sets both session cookies, and the readable presence cookie: it lives as long as the session
 * and says when the access cookie lapses.
 */
export function setSessionCookies(c: Context, accessToken: string, refreshToken: string): void {
  const secure = c.get('secure')
  const sessionSeconds = AUTH_LIMITS.refreshTokenDays * 86_400
  const accessUntil = Math.floor(Date.now() / 1000) + AUTH_LIMITS.accessTokenSeconds
  setCookie(c, ACCESS, accessToken, options(secure, AUTH_LIMITS.accessTokenSeconds))
  setCookie(c, REFRESH, refreshToken, options(secure, sessionSeconds))
  setCookie(c, SIGNED_IN_COOKIE, String(accessUntil), options(secure, sessionSeconds, false))
}

/** Expires both session cookies and the presence cookie. */
export function clearSessionCookies(c: Context): void {
  const secure = c.get('secure')
  for (const base of [ACCESS, REFRESH, SIGNED_IN_COOKIE]) {
    deleteCookie(c, base, { path: '/', secure, ...(secure ? { prefix: 'host' as const } : {}) })
  }
}

const read = (c: Context, base: string) => getCookie(c, `__Host-${base}`) ?? getCookie(c, base)

export const readAccessCookie = (c: Context) => read(c, ACCESS)
export const readRefreshCookie = (c: Context) => read(c, REFRESH)

/**
 * The superadmin's own refresh token, kept aside while they act as another user so that stopping
 * restores their session without a new sign-in. HttpOnly and sent only to `/api/auth` (stop and
 * logout read it); over https `__Secure-`, since `__Host-` demands `Path=/`.
 */
const OWN = 'stratum_rt_own'
const OWN_PATH = '/api/auth'

const ownOptions = (secure: boolean, maxAge: number): CookieOptions =>
  secure
    ? { httpOnly: true, secure: true, sameSite: 'Strict', path: OWN_PATH, maxAge, prefix: 'secure' }
    : { httpOnly: true, secure: false, sameSite: 'Strict', path: OWN_PATH, maxAge }

/** Keeps the superadmin's own refresh token for the end of an impersonation. */
export function setOwnRefreshCookie(c: Context, refreshToken: string): void {
  const maxAge = AUTH_LIMITS.refreshTokenDays * 86_400
  setCookie(c, OWN, refreshToken, ownOptions(c.get('secure'), maxAge))
}

export const readOwnRefreshCookie = (c: Context) =>
  getCookie(c, `__Secure-${OWN}`) ?? getCookie(c, OWN)

export function clearOwnRefreshCookie(c: Context): void {
  const secure = c.get('secure')
  deleteCookie(c, OWN, { path: OWN_PATH, secure, ...(secure ? { prefix: 'secure' as const } : {}) })
}

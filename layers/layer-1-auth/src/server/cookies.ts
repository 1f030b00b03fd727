import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import type { CookieOptions } from 'hono/utils/cookie'
import { AUTH_LIMITS } from '../shared/limits.ts'

const ACCESS = 'stratum_at'
const REFRESH = 'stratum_rt'

// Over https the cookies get the __Host- prefix (Secure, Path=/, no Domain): no subdomain can
// plant or overwrite them. Hono adds the prefix itself. Plain http is for localhost development.
const options = (secure: boolean, maxAge: number): CookieOptions =>
  secure
    ? { httpOnly: true, secure: true, sameSite: 'Lax', path: '/', maxAge, prefix: 'host' }
    : { httpOnly: true, secure: false, sameSite: 'Lax', path: '/', maxAge }

/** Sets both session cookies. */
export function setSessionCookies(c: Context, accessToken: string, refreshToken: string): void {
  const secure = c.get('secure')
  setCookie(c, ACCESS, accessToken, options(secure, AUTH_LIMITS.accessTokenSeconds))
  setCookie(c, REFRESH, refreshToken, options(secure, AUTH_LIMITS.refreshTokenDays * 86_400))
}

/** Expires both session cookies. */
export function clearSessionCookies(c: Context): void {
  const secure = c.get('secure')
  for (const base of [ACCESS, REFRESH]) {
    deleteCookie(c, base, { path: '/', secure, ...(secure ? { prefix: 'host' as const } : {}) })
  }
}

const read = (c: Context, base: string) => getCookie(c, `__Host-${base}`) ?? getCookie(c, base)

export const readAccessCookie = (c: Context) => read(c, ACCESS)
export const readRefreshCookie = (c: Context) => read(c, REFRESH)

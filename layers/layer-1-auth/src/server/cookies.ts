import type { Context } from 'hono'
import { deleteCookie, getCookie, setCookie } from 'hono/cookie'
import { AUTH_LIMITS } from '../shared/limits.ts'

const ACCESS = 'stratum_at'
const REFRESH = 'stratum_rt'

// Over https the cookies get the __Host- prefix (Secure, Path=/, no Domain): no subdomain can
// plant or overwrite them. Plain http is only served to localhost in development.
const name = (base: string, secure: boolean) => (secure ? `__Host-${base}` : base)

const options = (secure: boolean, maxAge: number) =>
  ({ httpOnly: true, secure, sameSite: 'Lax', path: '/', maxAge }) as const

/** Sets both session cookies. */
export function setSessionCookies(c: Context, accessToken: string, refreshToken: string): void {
  const secure = c.get('secure')
  setCookie(c, name(ACCESS, secure), accessToken, { ...options(secure, AUTH_LIMITS.accessTokenSeconds), ...(secure ? { prefix: 'host' as const } : {}) })
  setCookie(c, name(REFRESH, secure), refreshToken, { ...options(secure, AUTH_LIMITS.refreshTokenDays * 86_400), ...(secure ? { prefix: 'host' as const } : {}) })
}

/** Expires both session cookies. */
export function clearSessionCookies(c: Context): void {
  const secure = c.get('secure')
  for (const base of [ACCESS, REFRESH]) {
    deleteCookie(c, name(base, secure), { path: '/', secure, ...(secure ? { prefix: 'host' as const } : {}) })
  }
}

const read = (c: Context, base: string) => getCookie(c, `__Host-${base}`) ?? getCookie(c, base)

export const readAccessCookie = (c: Context) => read(c, ACCESS)
export const readRefreshCookie = (c: Context) => read(c, REFRESH)

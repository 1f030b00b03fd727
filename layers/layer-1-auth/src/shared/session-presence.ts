/**
 * A companion of the HttpOnly session cookies that the SPA can read: its presence says "a
 * session may exist", so an anonymous visit does not ask `/api/auth/me` (and then `/refresh`)
 * for a session that cannot exist. Its value is when the access cookie lapses (epoch seconds),
 * so a returning user whose access token is gone refreshes at once instead of meeting a 401
 * from `/me` first. It holds no secret and grants nothing; the server never reads it. It lives
 * as long as the refresh cookie and, over https, carries the `__Host-` prefix like the others.
 */
export const SIGNED_IN_COOKIE = 'stratum_signed_in'

const VALUE = new RegExp(`(?:^|;\\s*)(?:__Host-)?${SIGNED_IN_COOKIE}=(\\d{1,12})(?:;|$)`)

/**
 * The presence cookie in a `document.cookie` string: when its access token lapses (epoch
 * seconds), or `undefined` when there is none (no session can exist).
 */
export function readSignedInCookie(cookies: string): { accessUntil: number } | undefined {
  const value = VALUE.exec(cookies)?.[1]
  return value === undefined ? undefined : { accessUntil: Number(value) }
}

import { AUTH_LIMITS } from '../../shared/limits.ts'
import { SIGNED_IN_COOKIE } from '../../shared/session-presence.ts'

/**
 * Sets or clears the session's presence cookie in the test document, as the server's
 * `Set-Cookie` would: a fake backend that signs a user in (or out) calls this, since the
 * session store asks `/api/auth/me` only when the cookie is there. `accessExpired` dates the
 * access token in the past, as after a long absence.
 */
export function setSignedInCookie(present: boolean, { accessExpired = false } = {}): void {
  const now = Math.floor(Date.now() / 1000)
  const accessUntil = accessExpired ? now - 1 : now + AUTH_LIMITS.accessTokenSeconds
  document.cookie = present
    ? `${SIGNED_IN_COOKIE}=${accessUntil}; path=/`
    : `${SIGNED_IN_COOKIE}=; path=/; max-age=0`
}

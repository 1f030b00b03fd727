import type { NavigationGuardWithThis, RouteLocationNormalized } from 'vue-router'
import { useSessionStore } from '../stores/session-store.ts'
import { safeRedirect } from './safe-redirect.ts'

/** Name of the sign-in route. */
export const LOGIN_ROUTE = 'auth.login'

/** Name of the signed-in person's own page: My account. */
export const ACCOUNT_ROUTE = 'auth.account'

/** A route needs a signed-in user when its meta says `requiresAuth` or names a `permission`. */
export const isProtected = (to: Pick<RouteLocationNormalized, 'meta'>): boolean =>
  to.meta.requiresAuth === true || typeof to.meta.permission === 'string'

/** The sign-in location that comes back to `target` afterwards. */
export const loginFor = (target: string) => ({ name: LOGIN_ROUTE, query: { redirect: target } })

/**
 * Global `beforeEach` guard: waits until the session is known, sends an anonymous visitor of a
 * protected route to `/login?redirect=<target>`, and sends a signed-in user away from guest-only
 * pages to the (same-app) redirect target or `/`.
 */
export const authGuard: NavigationGuardWithThis<undefined> = async (to) => {
  const session = useSessionStore()
  await session.ensureLoaded()
  if (isProtected(to) && !session.isAuthenticated) return loginFor(to.fullPath)
  if (to.meta.guest === true && session.isAuthenticated) {
    return safeRedirect(to.query.redirect) ?? '/'
  }
  return true
}

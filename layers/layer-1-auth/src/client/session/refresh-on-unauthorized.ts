import type { ApiClient } from '@stratum/layer-core/client'
import type { Router } from 'vue-router'
import { useSessionStore } from '../stores/session-store.ts'
import { isProtected, loginFor } from './auth-guard.ts'

type SessionStore = ReturnType<typeof useSessionStore>

/**
 * Answers the API client's 401s: one shared refresh, then the request is retried once. When
 * the refresh fails, the session is cleared and a visitor of a protected page goes to sign-in.
 * The auth endpoints are left alone: the store handles their 401s itself, and a 401 from the
 * refresh call must not wait on the refresh it belongs to.
 */
export function refreshOnUnauthorized(
  api: ApiClient,
  session: SessionStore,
  router: Router,
): () => void {
  return api.onUnauthorized(async (_error, request) => {
    if (request.path.startsWith('/api/auth/')) return false
    if (await session.refresh()) return true
    const current = router.currentRoute.value
    if (isProtected(current)) await router.push(loginFor(current.fullPath))
    return false
  })
}

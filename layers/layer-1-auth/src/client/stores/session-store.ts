import { useApi, type LocaleCode } from '@stratum/layer-core/client'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { Impersonation } from '../../shared/impersonation-api.ts'
import type { AuthUser, RequestOtpResponse } from '../../shared/schemas.ts'
import { readSignedInCookie } from '../../shared/session-presence.ts'
import { authApi } from '../auth-api.ts'
import { retryAfterSeconds } from '../errors/auth-error.ts'
import { readPendingEmail, writePendingEmail } from './pending-email.ts'

/** `unknown` until the first `loadMe()` settles; then signed in or not. */
export type SessionStatus = 'unknown' | 'loading' | 'authenticated' | 'anonymous'

const isUnauthorized = (error: unknown) => (error as { status?: unknown })?.status === 401

/**
 * What this browser may hold: the server sets a readable presence cookie beside the HttpOnly
 * session cookies (saying when the access cookie lapses) and clears it with them. `none`: no
 * session can exist; `stale`: only the refresh token is left; `live`: ask `/me`. Outside a
 * browser there is no cookie to read: ask.
 */
function sessionHint(): 'none' | 'stale' | 'live' {
  if (typeof document === 'undefined') return 'live'
  const presence = readSignedInCookie(document.cookie)
  if (!presence) return 'none'
  return presence.accessUntil * 1000 <= Date.now() ? 'stale' : 'live'
}

/**
 * The signed-in user and the sign-in flow. The session itself lives in HttpOnly cookies the
 * server sets; this store only knows who is signed in.
 */
export const useSessionStore = defineStore('auth.session', () => {
  const api = authApi(useApi())
  const user = ref<AuthUser>()
  /** Set while a superadmin acts as `user`: who they really are, why, and until when. */
  const impersonation = ref<Impersonation | null>(null)
  const status = ref<SessionStatus>('unknown')
  /** Why the last `loadMe()` found no session, when it was not a plain 401. */
  const error = shallowRef<unknown>()
  /** The address the last code went to, for the code page. */
  const pendingEmail = ref<string | undefined>(readPendingEmail())
  /** When a new code may be requested (epoch ms), from `resendAfterSeconds` or `Retry-After`. */
  const resendAvailableAt = ref<number>()
  const isAuthenticated = computed(() => status.value === 'authenticated' && !!user.value)

  function signIn(next: AuthUser) {
    user.value = next
    status.value = 'authenticated'
    error.value = undefined
  }
  /** Forgets the user locally (the cookies are the server's business). */
  function clear() {
    user.value = undefined
    impersonation.value = null
    status.value = 'anonymous'
  }
  function waitBeforeResend(seconds: number) {
    resendAvailableAt.value = Date.now() + seconds * 1000
  }

  /** Sends a code to `email`; on a throttle, the resend countdown starts from its wait. */
  async function requestCode(email: string, locale?: LocaleCode): Promise<RequestOtpResponse> {
    try {
      const sent = await api.requestOtp({ email, locale })
      pendingEmail.value = email
      writePendingEmail(email)
      waitBeforeResend(sent.resendAfterSeconds)
      return sent
    } catch (failure) {
      const wait = retryAfterSeconds(failure)
      if (wait !== undefined) waitBeforeResend(wait)
      throw failure
    }
  }

  /** Exchanges a code for a session; the response sets the cookies. */
  async function verify(email: string, code: string): Promise<AuthUser> {
    const session = await api.verifyOtp({ email, code })
    signIn(session.user)
    impersonation.value = null
    pendingEmail.value = undefined
    writePendingEmail(undefined)
    resendAvailableAt.value = undefined
    return session.user
  }

  let refreshing: Promise<boolean> | undefined
  /**
   * Rotates the session once, shared by every caller while it runs (single flight), so many
   * concurrent 401s cost one refresh. Resolves `false`, with the user cleared, when it fails.
   */
  function refresh(): Promise<boolean> {
    refreshing ??= api
      .refresh()
      .then(
        (session) => {
          signIn(session.user)
          if (session.impersonation !== undefined) impersonation.value = session.impersonation
          return true
        },
        // An impersonation whose time is up gives the superadmin their own session back.
        async (failure: unknown) => {
          if ((failure as { code?: unknown })?.code === 'IMPERSONATION_ENDED')
            return stopImpersonation().catch(() => (clear(), false))
          clear()
          return false
        },
      )
      .finally(() => {
        refreshing = undefined
      })
    return refreshing
  }

  /**
   * Ends the impersonation; resolves `true` with the superadmin's own session back, `false`
   * when there was none to restore (signed out).
   */
  async function stopImpersonation(): Promise<boolean> {
    const own = await api.stopImpersonation()
    impersonation.value = null
    if (!own) {
      clear()
      return false
    }
    signIn(own.user)
    return true
  }

  /** Revokes the session on the server and forgets it here, even when the server is unreachable. */
  async function logout(): Promise<void> {
    try {
      await api.logout()
    } finally {
      clear()
    }
  }

  let loading: Promise<void> | undefined
  /**
   * Restores the session from the cookies (`/me`), refreshing once when the access token is
   * stale. The presence cookie spares the requests that can only fail: without it there is no
   * session to find (anonymous, no request); when it says the access cookie has lapsed, the
   * refresh comes first.
   */
  function loadMe(): Promise<void> {
    loading ??= (async () => {
      const hint = sessionHint()
      if (hint === 'none') {
        clear()
        error.value = undefined
        return
      }
      status.value = 'loading'
      if (hint === 'stale') {
        error.value = undefined
        await refresh()
        return
      }
      try {
        const me = await api.me()
        signIn(me.user)
        impersonation.value = me.impersonation ?? null
      } catch (failure) {
        if (isUnauthorized(failure) && (await refresh())) return
        clear()
        error.value = isUnauthorized(failure) ? undefined : failure
      }
    })().finally(() => {
      loading = undefined
    })
    return loading
  }

  /** Settles once the session is known: runs `loadMe()` the first time, then resolves at once. */
  function ensureLoaded(): Promise<void> {
    if (status.value === 'unknown') return loadMe()
    return loading ?? Promise.resolve()
  }

  return {
    user,
    impersonation,
    status,
    error,
    pendingEmail,
    resendAvailableAt,
    isAuthenticated,
    requestCode,
    verify,
    refresh,
    logout,
    stopImpersonation,
    loadMe,
    ensureLoaded,
    clear,
  }
})

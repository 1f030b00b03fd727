import { useApi, type LocaleCode } from '@stratum/layer-core/client'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { AuthUser, RequestOtpResponse } from '../../shared/schemas.ts'
import { authApi } from '../auth-api.ts'
import { retryAfterSeconds } from '../errors/auth-error.ts'
import { readPendingEmail, writePendingEmail } from './pending-email.ts'

/** `unknown` until the first `loadMe()` settles; then signed in or not. */
export type SessionStatus = 'unknown' | 'loading' | 'authenticated' | 'anonymous'

const isUnauthorized = (error: unknown) => (error as { status?: unknown })?.status === 401

/**
 * The signed-in user and the sign-in flow. The session itself lives in HttpOnly cookies the
 * server sets; this store only knows who is signed in.
 */
export const useSessionStore = defineStore('auth.session', () => {
  const api = authApi(useApi())
  const user = ref<AuthUser>()
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
          return true
        },
        () => {
          clear()
          return false
        },
      )
      .finally(() => {
        refreshing = undefined
      })
    return refreshing
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
  /** Restores the session from the cookies (`/me`), refreshing once when the access token is stale. */
  function loadMe(): Promise<void> {
    loading ??= (async () => {
      status.value = 'loading'
      try {
        signIn((await api.me()).user)
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
    status,
    error,
    pendingEmail,
    resendAvailableAt,
    isAuthenticated,
    requestCode,
    verify,
    refresh,
    logout,
    loadMe,
    ensureLoaded,
    clear,
  }
})

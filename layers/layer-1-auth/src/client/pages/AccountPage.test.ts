import { createApiClient } from '@stratum/layer-core/client'
import { fakeFetch } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { startAuthTestApp } from '../testing/auth-test-app.ts'
import { setSignedInCookie } from '../testing/signed-in-cookie.ts'

let started: Awaited<ReturnType<typeof startAuthTestApp>> | undefined
afterEach(() => {
  setSignedInCookie(false)
  started?.unmount()
  started = undefined
})

describe('AccountPage', () => {
  it('shows the signed-in email and signs out to the login page', async () => {
    let signedIn = true
    const logout = vi.fn(() => ((signedIn = false), { status: 204 }))
    const me = () =>
      signedIn
        ? { body: { user: { id: 'u1', email: 'ana@example.com' } } }
        : {
            status: 401,
            body: { error: 'Sign in.', code: 'UNAUTHENTICATED', timestamp: '', requestId: 'r' },
          }
    const api = createApiClient({
      baseUrl: '',
      fetch: fakeFetch({ '/api/auth/me': me, '/api/auth/refresh': me, '/api/auth/logout': logout }),
    })
    setSignedInCookie(true)
    started = await startAuthTestApp({ api, path: '/account' })
    const el = started.el!
    await vi.waitFor(() =>
      expect(el.querySelector('[data-testid="account-email"]')?.textContent).toBe(
        'ana@example.com',
      ),
    )
    el.querySelector<HTMLButtonElement>('[data-testid="sign-out"]')!.click()
    await vi.waitFor(() => expect(started!.router.currentRoute.value.name).toBe('auth.login'))
    expect(logout).toHaveBeenCalledTimes(1)
    expect(started.session.isAuthenticated).toBe(false)
  })
})

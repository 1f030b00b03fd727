import { createApiClient } from '@stratum/layer-core/client'
import { fakeFetch, type FakeAnswer } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { startAuthTestApp } from '../testing/auth-test-app.ts'
import { setSignedInCookie } from '../testing/signed-in-cookie.ts'

type Started = Awaited<ReturnType<typeof startAuthTestApp>>
let started: Started | undefined
afterEach(() => {
  started?.unmount()
  started = undefined
  setSignedInCookie(false)
})

const ana = { id: 'u1', email: 'ana@example.com', name: null, locale: 'en-US' }
const root = {
  id: 'u9',
  email: 'root@example.com',
  name: null,
  locale: 'en-US',
  isSuperadmin: true,
}
const impersonation = {
  by: { id: root.id, email: root.email },
  endsAt: new Date(Date.now() + 600_000).toISOString(),
  reason: 'Ticket 42: the list is empty',
  tenantId: null,
}
const sessionOf = (user: object, acting: object | null): FakeAnswer => ({
  body: { user, accessToken: 'at', accessTokenExpiresAt: '', impersonation: acting },
})

describe('a session in which a superadmin acts as a user', () => {
  it('knows the impersonation from /me, and stop brings the superadmin back', async () => {
    setSignedInCookie(true)
    const asked: string[] = []
    const fetch = fakeFetch({
      '/api/auth/me': () => ({ body: { user: ana, impersonation } }),
      '/api/auth/impersonation/stop': () => (asked.push('stop'), sessionOf(root, null)),
    })
    started = await startAuthTestApp({ api: createApiClient({ baseUrl: '', fetch }), path: '/' })
    expect(started.session.user?.email).toBe(ana.email)
    expect(started.session.impersonation).toEqual(impersonation)

    expect(await started.session.stopImpersonation()).toBe(true)
    expect(asked).toEqual(['stop'])
    expect(started.session.user?.email).toBe(root.email)
    expect(started.session.impersonation).toBeNull()
  })

  it('returns to the superadmin when a refresh finds the time is up, instead of signing out', async () => {
    setSignedInCookie(true)
    const fetch = fakeFetch({
      '/api/auth/me': () => ({ body: { user: ana, impersonation } }),
      '/api/auth/refresh': () => ({
        status: 401,
        body: { error: 'Time is up.', code: 'IMPERSONATION_ENDED', timestamp: '', requestId: 'r' },
      }),
      '/api/auth/impersonation/stop': () => sessionOf(root, null),
    })
    started = await startAuthTestApp({ api: createApiClient({ baseUrl: '', fetch }), path: '/' })
    expect(await started.session.refresh()).toBe(true)
    await flushPromises()
    expect(started.session.isAuthenticated).toBe(true)
    expect(started.session.user?.email).toBe(root.email)
    expect(started.session.impersonation).toBeNull()
  })
})

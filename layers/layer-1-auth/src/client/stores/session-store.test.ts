import { createApiClient } from '@stratum/layer-core/client'
import { fakeFetch, type FakeAnswer } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { afterEach, describe, expect, it } from 'vitest'
import { readSignedInCookie } from '../../shared/session-presence.ts'
import { startAuthTestApp } from '../testing/auth-test-app.ts'
import { setSignedInCookie } from '../testing/signed-in-cookie.ts'

type Started = Awaited<ReturnType<typeof startAuthTestApp>>
let started: Started | undefined
afterEach(() => {
  started?.unmount()
  started = undefined
  setSignedInCookie(false)
})

const user = { id: 'u1', email: 'ana@example.com', name: null, locale: 'en-US' }
const unauthorized = (code: string): FakeAnswer => ({
  status: 401,
  body: { error: 'Sign in.', code, timestamp: '', requestId: 'r1' },
})
const session: FakeAnswer = {
  body: { user, accessToken: 'at', accessTokenExpiresAt: '2026-01-01T00:15:00.000Z' },
}

/** A fake backend that records every path it is asked, with the session in `state`. */
function backend(state: { accessFresh: boolean; refreshWorks: boolean }) {
  const asked: string[] = []
  const seen = (path: string, answer: () => FakeAnswer) => () => (asked.push(path), answer())
  const fetch = fakeFetch({
    '/api/auth/me': seen('/api/auth/me', () =>
      state.accessFresh ? { body: { user } } : unauthorized('TOKEN_EXPIRED'),
    ),
    '/api/auth/refresh': seen('/api/auth/refresh', () => {
      if (!state.refreshWorks) return unauthorized('REFRESH_TOKEN_INVALID')
      state.accessFresh = true
      return session
    }),
  })
  return { api: createApiClient({ baseUrl: '', fetch }), asked }
}

describe('session start-up', () => {
  it('asks nothing when the presence cookie is absent: anonymous at once', async () => {
    // Even a backend that would answer must not be asked: no cookie, no session.
    const { api, asked } = backend({ accessFresh: true, refreshWorks: true })
    started = await startAuthTestApp({ api, path: '/' })
    expect(started.session.status).toBe('anonymous')
    expect(started.session.isAuthenticated).toBe(false)
    expect(started.session.error).toBeUndefined()
    // A protected page still sends the visitor to sign-in, again without a request.
    await started.router.push('/private')
    expect(started.router.currentRoute.value.fullPath).toBe('/login?redirect=/private')
    expect(asked).toEqual([])
  })

  it('restores the session through /me when the presence cookie is there', async () => {
    setSignedInCookie(true)
    const { api, asked } = backend({ accessFresh: true, refreshWorks: true })
    started = await startAuthTestApp({ api, path: '/private' })
    expect(started.session.status).toBe('authenticated')
    expect(started.session.user?.email).toBe('ana@example.com')
    expect(started.router.currentRoute.value.fullPath).toBe('/private')
    expect(asked).toEqual(['/api/auth/me'])
  })

  it('refreshes first, without a failing /me, when the access cookie has lapsed', async () => {
    setSignedInCookie(true, { accessExpired: true })
    const { api, asked } = backend({ accessFresh: false, refreshWorks: true })
    started = await startAuthTestApp({ api, path: '/private' })
    expect(started.session.status).toBe('authenticated')
    expect(started.session.user?.email).toBe('ana@example.com')
    expect(started.router.currentRoute.value.fullPath).toBe('/private')
    expect(asked).toEqual(['/api/auth/refresh'])
  })

  it('refreshes once when /me refuses an access token the cookie thought live', async () => {
    // A session revoked meanwhile, or a client clock behind the server's.
    setSignedInCookie(true)
    const { api, asked } = backend({ accessFresh: false, refreshWorks: true })
    started = await startAuthTestApp({ api, path: '/private' })
    expect(started.session.status).toBe('authenticated')
    expect(started.router.currentRoute.value.fullPath).toBe('/private')
    expect(asked).toEqual(['/api/auth/me', '/api/auth/refresh'])
  })

  it('falls back to anonymous when a leftover presence cookie has no session behind it', async () => {
    setSignedInCookie(true)
    const { api, asked } = backend({ accessFresh: false, refreshWorks: false })
    started = await startAuthTestApp({ api, path: '/private' })
    expect(started.session.status).toBe('anonymous')
    expect(started.router.currentRoute.value.fullPath).toBe('/login?redirect=/private')
    expect(asked).toEqual(['/api/auth/me', '/api/auth/refresh'])
  })

  it('signs out to sign-in when a lapsed session cannot be refreshed', async () => {
    setSignedInCookie(true, { accessExpired: true })
    const { api, asked } = backend({ accessFresh: false, refreshWorks: false })
    started = await startAuthTestApp({ api, path: '/private' })
    expect(started.session.status).toBe('anonymous')
    expect(started.router.currentRoute.value.fullPath).toBe('/login?redirect=/private')
    expect(asked).toEqual(['/api/auth/refresh'])
  })
})

describe('readSignedInCookie', () => {
  it('reads when the access cookie lapses, with or without the __Host- prefix', () => {
    expect(readSignedInCookie('stratum_signed_in=1798761600')).toEqual({ accessUntil: 1798761600 })
    expect(readSignedInCookie('a=b; __Host-stratum_signed_in=17; c=d')).toEqual({
      accessUntil: 17,
    })
    expect(readSignedInCookie('theme=dark;stratum_signed_in=5')).toEqual({ accessUntil: 5 })
  })

  it('ignores lookalikes and values that are not a time', () => {
    expect(readSignedInCookie('')).toBeUndefined()
    expect(readSignedInCookie('stratum_signed_in=')).toBeUndefined()
    expect(readSignedInCookie('stratum_signed_in=yes')).toBeUndefined()
    expect(readSignedInCookie('stratum_signed_in=1e9')).toBeUndefined()
    expect(readSignedInCookie('xstratum_signed_in=1')).toBeUndefined()
    expect(readSignedInCookie('other=stratum_signed_in=1')).toBeUndefined()
  })
})

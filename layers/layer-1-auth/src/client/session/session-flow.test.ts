// @vitest-environment node
/// <reference types="node" />
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
import type { AddressInfo } from 'node:net'
import { createApiClient, type ApiClient } from '@stratum/layer-core/client'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { settle, startAuthTestApp } from '../testing/auth-test-app.ts'

// A real HTTP server standing in for the backend. Node's fetch keeps no cookies, so the session
// is server state: `token` is what the "access cookie" currently holds.
const state = { signedIn: false, token: 'stale', refreshWorks: true, refreshDelayMs: 30 }
const seen: string[] = []
let server: Server
let baseUrl: string
const user = {
  id: 'u1',
  email: 'ana@example.com',
  name: null,
  locale: 'en-US',
  isSuperadmin: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: null,
}
const session = () => ({
  user,
  accessToken: 'at',
  accessTokenExpiresAt: '2026-01-01T00:15:00.000Z',
})

function json(res: ServerResponse, status: number, body?: unknown) {
  res.writeHead(status, { 'Content-Type': 'application/json' })
  res.end(body === undefined ? '' : JSON.stringify(body))
}
const unauthorized = (res: ServerResponse, code: string) =>
  json(res, 401, { error: 'Sign in.', code, timestamp: '', requestId: `req-${seen.length}` })

function handle(req: IncomingMessage, res: ServerResponse) {
  const path = req.url ?? ''
  seen.push(`${req.method} ${path}`)
  const fresh = state.signedIn && state.token === 'fresh'
  switch (path) {
    case '/api/auth/verify-otp':
      state.signedIn = true
      state.token = 'fresh'
      return json(res, 200, session())
    case '/api/auth/refresh':
      return setTimeout(() => {
        if (!state.signedIn || !state.refreshWorks)
          return unauthorized(res, 'REFRESH_TOKEN_INVALID')
        state.token = 'fresh'
        json(res, 200, session())
      }, state.refreshDelayMs)
    case '/api/auth/logout':
      state.signedIn = false
      return json(res, 204)
    case '/api/auth/me':
      return fresh ? json(res, 200, { user }) : unauthorized(res, 'UNAUTHENTICATED')
    case '/api/things':
      return fresh ? json(res, 200, { ok: true }) : unauthorized(res, 'TOKEN_INVALID')
    default:
      return json(res, 404, { error: 'No.', code: 'NOT_FOUND', timestamp: '', requestId: 'r' })
  }
}

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume()
    req.on('end', () => handle(req, res))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})
afterAll(async () => {
  server.closeAllConnections()
  await new Promise((resolve) => server.close(resolve))
})
beforeEach(() => {
  Object.assign(state, { signedIn: false, token: 'stale', refreshWorks: true, refreshDelayMs: 30 })
  seen.length = 0
})

let api: ApiClient
let started: Awaited<ReturnType<typeof startAuthTestApp>> | undefined
const boot = async (path: string) => {
  api = createApiClient({ baseUrl })
  started = await startAuthTestApp({ api, path, mount: false })
  return started
}
afterEach(() => {
  started?.unmount()
  started = undefined
})
const count = (entry: string) => seen.filter((s) => s === entry).length

describe('401 handling', () => {
  it('shares one refresh among concurrent 401s, then retries each request', async () => {
    state.signedIn = true // the access token is stale, the refresh token good
    const { session } = await boot('/')
    expect(session.status).toBe('authenticated') // restored on boot by /me → 401 → refresh
    state.token = 'stale' // the access token expires again
    seen.length = 0

    const results = await Promise.all([
      api.get('/api/things'),
      api.get('/api/things'),
      api.get('/api/things'),
    ])
    expect(results).toEqual([{ ok: true }, { ok: true }, { ok: true }])
    expect(count('POST /api/auth/refresh')).toBe(1)
    expect(count('GET /api/things')).toBe(6) // three 401s, three retries
  })

  it('clears the session and goes to sign-in when the refresh fails', async () => {
    state.signedIn = true
    state.token = 'fresh'
    const { session, router } = await boot('/account')
    expect(router.currentRoute.value.fullPath).toBe('/account')
    state.token = 'stale'
    state.refreshWorks = false

    await expect(api.get('/api/things')).rejects.toMatchObject({ status: 401 })
    await settle()
    expect(count('POST /api/auth/refresh')).toBe(1)
    expect(count('GET /api/things')).toBe(1) // no retry after a failed refresh
    expect(session.user).toBeUndefined()
    expect(session.status).toBe('anonymous')
    expect(router.currentRoute.value.name).toBe('auth.login')
    expect(router.currentRoute.value.query.redirect).toBe('/account')
  })
})

describe('loadMe', () => {
  it('tries /me, then one refresh, and stays anonymous when both say 401', async () => {
    const { session } = await boot('/')
    expect(seen).toEqual(['GET /api/auth/me', 'POST /api/auth/refresh'])
    expect(session.status).toBe('anonymous')
    expect(session.isAuthenticated).toBe(false)
  })
})

describe('authGuard', () => {
  it('sends an anonymous visitor to sign-in with the target, and back after signing in', async () => {
    const { router, session } = await boot('/account?tab=email#top')
    expect(router.currentRoute.value.name).toBe('auth.login')
    expect(router.currentRoute.value.query.redirect).toBe('/account?tab=email#top')

    await router.push('/reports') // a `permission` route is protected too
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/reports')
    await router.push('/private')
    expect(router.currentRoute.value.fullPath).toBe('/login?redirect=/private')

    await session.verify('ana@example.com', '123456')
    // The sign-in pages are guest-only: a signed-in user goes on to the target.
    await router.push({ name: 'auth.login', query: { redirect: '/account?tab=email#top' } })
    expect(router.currentRoute.value.fullPath).toBe('/account?tab=email#top')
    await router.push('/private')
    expect(router.currentRoute.value.fullPath).toBe('/private')
  })

  it.each([
    '//evil.com',
    'https://evil.com/account',
    '/\\evil.com',
    '/\t/evil.com',
    'javascript:alert(1)',
    'account',
  ])('rejects the open redirect %j and sends a signed-in user home', async (target) => {
    state.signedIn = true
    state.token = 'fresh'
    const { router } = await boot('/')
    await router.push({ name: 'auth.login', query: { redirect: target } })
    expect(router.currentRoute.value.fullPath).toBe('/')
  })

  it('signs out: the session is revoked and protected pages need sign-in again', async () => {
    state.signedIn = true
    state.token = 'fresh'
    const { router, session } = await boot('/account')
    expect(router.currentRoute.value.name).toBe('auth.account')
    await session.logout()
    expect(count('POST /api/auth/logout')).toBe(1)
    await router.push('/private')
    expect(router.currentRoute.value.name).toBe('auth.login')
  })
})

import { Hono } from 'hono'
import { describe, expect, it } from 'vitest'
import { AppError, type CacheStore } from '@stratum/layer-core/server'
import { captureLogger, switchableCache } from '@stratum/host-backend/testing'
import { AccessTokens } from './access-tokens.ts'
import { createRequireAuth, currentUser } from './require-auth.ts'
import { SessionRevocations } from './session-revocations.ts'

const SECRET = 'require-auth-test-secret-0123456789abcdef'

/** One server process: its own revocation memory and clock, the shared cache. */
async function startProcess(cache: CacheStore) {
  const clock = { now: 1_000_000 }
  const { logger, entries } = captureLogger()
  const revocations = new SessionRevocations(cache, logger, { now: () => clock.now })
  const tokens = await AccessTokens.create(SECRET, revocations)
  const app = new Hono()
    .use('/me', createRequireAuth(tokens, { allowed: [], development: true }))
    .get('/me', (c) => c.json({ id: currentUser(c).id }))
    .onError((error, c) =>
      error instanceof AppError
        ? c.json({ code: error.code }, error.status as 401)
        : c.json({ code: 'INTERNAL' }, 500),
    )
  const me = async (token: string) => {
    const res = await app.request('/me', { headers: { authorization: `Bearer ${token}` } })
    return `${res.status} ${((await res.json()) as { code?: string }).code ?? 'ok'}`
  }
  return { clock, entries, revocations, tokens, me }
}

const tokenFor = (tokens: AccessTokens, sid: string) =>
  tokens
    .issue(
      { id: '7d1f0a52-9a43-4d55-8f0e-0c1b2a3d4e5f', email: 'a@example.test', isSuperadmin: false },
      { familyId: sid, tokenId: `t-${sid}`, issuedAt: new Date() },
    )
    .then((issued) => issued.token)

describe('requireAuth and ended sessions', () => {
  it('refuses a session ended by this process at once, and by another within a second', async () => {
    const { cache } = switchableCache()
    const [a, b] = [await startProcess(cache), await startProcess(cache)]
    const [here, there] = [await tokenFor(a.tokens, 's-here'), await tokenFor(a.tokens, 's-there')]
    expect([await a.me(here), await a.me(there)]).toEqual(['200 ok', '200 ok'])

    await a.revocations.revoke('s-here')
    await b.revocations.revoke('s-there')
    expect(await a.me(here)).toBe('401 TOKEN_INVALID')
    // Process a answered "not revoked" for s-there a moment ago and trusts that for a second.
    a.clock.now += 500
    expect(await a.me(there)).toBe('200 ok')
    a.clock.now += 600
    expect(await a.me(there)).toBe('401 TOKEN_INVALID')
  })

  it('keeps serving while the cache is down, refusing the sessions this process ended', async () => {
    const { cache, state } = switchableCache()
    const [a, b] = [await startProcess(cache), await startProcess(cache)]
    const [live, ended] = [await tokenFor(a.tokens, 's-live'), await tokenFor(a.tokens, 's-ended')]
    state.down = true
    await a.revocations.revoke('s-ended')
    for (let i = 0; i < 3; i++) {
      a.clock.now += 1500
      expect([await a.me(live), await a.me(ended)]).toEqual(['200 ok', '401 TOKEN_INVALID'])
    }
    // Process b cannot know: this is the window an outage leaves, up to the token's expiry.
    expect(await b.me(ended)).toBe('200 ok')
    expect(a.entries.filter((e) => e.level === 'error')).toHaveLength(1)
    expect(a.entries.some((e) => e.level === 'warn' && e.sid === 's-ended')).toBe(true)

    // Once the cache answers again, the revocation it missed is shared.
    state.down = false
    a.clock.now += 1500
    expect(await a.me(live)).toBe('200 ok')
    await new Promise((r) => setTimeout(r, 10))
    b.clock.now += 1500
    expect(await b.me(ended)).toBe('401 TOKEN_INVALID')
  })
})

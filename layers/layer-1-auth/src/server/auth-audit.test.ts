import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import type { AuditRecord } from '@stratum/layer-core/server'
import { createAuditProbe, TEST_TARGETS, type AuditProbe } from '@stratum/host-backend/testing'
import {
  cookieHeader,
  cookiesFrom,
  createAuthHarness,
  type AuthHarness,
} from '../../test/auth-harness.ts'
import { AUTH_LIMITS } from '../shared/limits.ts'
import { authCacheKeys } from './auth-limiter.ts'

let n = 0
const email = (tag: string) => `${tag}-${Date.now()}-${n++}@example.test`
const ORIGIN = 'http://localhost'

describe.each(TEST_TARGETS)('audit events of sign-in on %s', (target) => {
  let h: AuthHarness
  let probe: AuditProbe
  /** Every code and token the tests saw: none may reach an audit record. */
  const secrets: string[] = []

  beforeAll(async () => {
    probe = createAuditProbe()
    h = await createAuthHarness(target, { PUBLIC_ORIGINS: ORIGIN }, [probe.layer])
  })
  beforeEach(() => {
    probe.records.length = 0
  })
  afterAll(async () => {
    await h?.close()
  })

  const recorded = (action: string) => probe.records.filter((r) => r.action === action)
  const expectNoSecret = (records: readonly AuditRecord[]) => {
    const json = JSON.stringify(records)
    for (const secret of secrets) expect(json).not.toContain(secret)
    expect(json).not.toMatch(/code_hmac|token_hash|"(code|token|accessToken|refreshToken)":/)
  }
  const userOf = (id: string) => ({ type: 'user', id })

  async function signIn(address: string, ip: string) {
    const code = await h.code(address, ip)
    secrets.push(code)
    const res = await h.post(
      '/api/auth/verify-otp',
      { email: address, code },
      { ip, headers: { origin: ORIGIN } },
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { accessToken: string; user: { id: string } }
    const jar = cookiesFrom(res)
    secrets.push(body.accessToken, jar.stratum_rt!)
    return { jar, userId: body.user.id }
  }

  it('records auth.code.requested for known and unknown emails alike, without the address', async () => {
    const { userId } = await signIn(email('known'), '10.20.0.1')
    const known = (
      await h.t.host.platform.database.db
        .selectFrom('auth_users')
        .select('email')
        .where('id', '=', userId)
        .executeTakeFirstOrThrow()
    ).email
    probe.records.length = 0
    await h.t.host.platform.cache.delete(...authCacheKeys(known).sendThrottles)

    const unknown = email('unknown')
    const a = await h.post('/api/auth/request-otp', { email: known }, { ip: '10.20.0.2' })
    const b = await h.post('/api/auth/request-otp', { email: unknown }, { ip: '10.20.0.3' })
    expect([a.status, b.status]).toEqual([202, 202])
    expect(await a.text()).toBe(await b.text())

    const [forKnown, forUnknown] = recorded('auth.code.requested')
    expect(recorded('auth.code.requested')).toHaveLength(2)
    expect(forKnown).toMatchObject({ actorId: undefined, target: userOf(userId), ip: '10.20.0.2' })
    expect(forKnown!.requestId).toEqual(expect.any(String))
    expect(forUnknown).toMatchObject({ actorId: undefined, target: undefined, ip: '10.20.0.3' })
    for (const mail of [await h.mailTo(known), await h.mailTo(unknown)])
      secrets.push(/\b(\d{6})\b/.exec(mail.text)![1]!)
    expect(JSON.stringify(probe.records)).not.toContain(known)
    expect(JSON.stringify(probe.records)).not.toContain(unknown)
    expectNoSecret(probe.records)
  })

  it('records auth.session.signed_in with the user as actor and target', async () => {
    const { userId } = await signIn(email('in'), '10.21.0.1')
    const records = recorded('auth.session.signed_in')
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      actorId: userId,
      target: userOf(userId),
      before: undefined,
      after: undefined,
      ip: '10.21.0.1',
    })
    expectNoSecret(probe.records)
  })

  it('records auth.session.signed_out once, when a live session ends', async () => {
    const { jar, userId } = await signIn(email('out'), '10.22.0.1')
    const logout = () =>
      h.post('/api/auth/logout', undefined, {
        headers: { cookie: cookieHeader(jar), origin: ORIGIN },
      })
    expect((await logout()).status).toBe(204)
    expect((await logout()).status).toBe(204)
    const records = recorded('auth.session.signed_out')
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ actorId: userId, target: userOf(userId) })
    expectNoSecret(probe.records)
  })

  it('records auth.refresh_token.reused with the token’s user as actor', async () => {
    const { jar, userId } = await signIn(email('reuse'), '10.23.0.1')
    const refresh = (cookies: Record<string, string>) =>
      h.post('/api/auth/refresh', undefined, {
        headers: { cookie: cookieHeader(cookies), origin: ORIGIN },
      })
    const rotated = await refresh(jar)
    expect(rotated.status).toBe(200)
    secrets.push(cookiesFrom(rotated).stratum_rt!)
    expect(recorded('auth.refresh_token.reused')).toHaveLength(0)
    // Within the grace window a replay is a second tab, not a theft: nothing is recorded.
    expect((await refresh(jar)).status).toBe(200)
    expect(recorded('auth.refresh_token.reused')).toHaveLength(0)

    await h.endRefreshGrace(userId)
    const reused = await refresh(jar)
    expect(reused.status).toBe(401)
    const records = recorded('auth.refresh_token.reused')
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({ actorId: userId, target: userOf(userId) })
    expect(records[0]!.reason).toMatch(/used again.*revoked/)
    expectNoSecret(probe.records)
  })

  it('records auth.account.locked by the system, against the user, with the reason', async () => {
    const address = email('lock')
    const { userId } = await signIn(address, '10.24.0.1')
    await h.t.host.platform.cache.delete(...authCacheKeys(address).sendThrottles)
    const code = await h.code(address, '10.24.0.2')
    secrets.push(code)
    // 99 failures on record (as if from earlier codes); the next wrong code is the 100th.
    await h.t.host.platform.cache.increment(
      authCacheKeys(address).failures,
      AUTH_LIMITS.failureWindowSeconds * 1000,
      AUTH_LIMITS.failuresBeforeLock - 1,
    )
    probe.records.length = 0
    const wrong = code === '000000' ? '111111' : '000000'
    const res = await h.post(
      '/api/auth/verify-otp',
      { email: address, code: wrong },
      { ip: '10.24.0.2' },
    )
    expect(res.status).toBe(429)
    expect(((await res.json()) as { code: string }).code).toBe('ACCOUNT_LOCKED')

    const records = recorded('auth.account.locked')
    expect(records).toHaveLength(1)
    expect(records[0]).toMatchObject({
      actorId: undefined,
      target: userOf(userId),
      reason: '100 consecutive failed codes',
    })
    const until = Date.parse(String(records[0]!.after?.lockedUntil))
    expect(until - Date.now()).toBeGreaterThan((AUTH_LIMITS.lockSeconds - 60) * 1000)
    expect(JSON.stringify(probe.records)).not.toContain(wrong)
    expectNoSecret(probe.records)
  })

  it('makes the signed-in user the actor of requests that pass requireAuth', async () => {
    const { jar, userId } = await signIn(email('actor'), '10.25.0.1')
    probe.events.length = 0
    const me = await h.t.request('/api/auth/me', { headers: { cookie: cookieHeader(jar) } })
    expect(me.status).toBe(200)
    // Request events are delivered in batches a few milliseconds after the response.
    await new Promise((resolve) => setTimeout(resolve, 20))
    const event = probe.events.find((e) => e.route === '/api/auth/me')
    expect(event?.userId).toBe(userId)
  })
})

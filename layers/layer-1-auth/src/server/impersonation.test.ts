import { decodeJwt } from 'jose'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createAuditProbe, TEST_TARGETS, type AuditProbe } from '@stratum/host-backend/testing'
import {
  cookieHeader,
  cookiesFrom,
  createAuthHarness,
  type AuthHarness,
} from '../../test/auth-harness.ts'
import { IMPERSONATION_LIMITS } from '../shared/impersonation-limits.ts'

let n = 0
const email = (tag: string) => `${tag}-${Date.now()}-${n++}@example.test`
const ORIGIN = 'http://localhost'
type Jar = Record<string, string>
const REASON = 'Ticket 4711: the client list looks empty to this user'

/** The jar after a response: its Set-Cookie lines replace (or, when emptied, drop) entries. */
const merge = (jar: Jar, res: Response): Jar =>
  Object.fromEntries(
    Object.entries({ ...jar, ...cookiesFrom(res) }).filter(([, value]) => value !== ''),
  )

describe.each(TEST_TARGETS)('impersonation on %s', (target) => {
  let h: AuthHarness
  let probe: AuditProbe
  const root = email('root')
  const otherRoot = email('root2')

  beforeAll(async () => {
    probe = createAuditProbe()
    h = await createAuthHarness(
      target,
      { PUBLIC_ORIGINS: ORIGIN, SUPERADMIN_EMAILS: `${root},${otherRoot}` },
      [probe.layer],
    )
  })
  afterAll(() => h?.close())

  const db = () => h.t.host.platform.database.db
  async function signIn(address: string) {
    const code = await h.code(address)
    const res = await h.post(
      '/api/auth/verify-otp',
      { email: address, code },
      {
        headers: { origin: ORIGIN },
      },
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { accessToken: string; user: { id: string } }
    return { jar: cookiesFrom(res), accessToken: body.accessToken, userId: body.user.id }
  }
  const send = (method: string, path: string, jar: Jar, body?: unknown) =>
    h.t.request(path, {
      method,
      headers: {
        cookie: cookieHeader(jar),
        origin: ORIGIN,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  const start = (jar: Jar, body: unknown) => send('POST', '/api/auth/impersonation', jar, body)
  const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T

  let admin: Awaited<ReturnType<typeof signIn>>
  let user: Awaited<ReturnType<typeof signIn>>
  beforeAll(async () => {
    admin = await signIn(root)
    user = await signIn(email('user'))
  })

  it('is for superadmins only, needs a reason and refuses superadmin or disabled targets', async () => {
    const plain = await start(user.jar, { userId: admin.userId, reason: REASON })
    expect(plain.status).toBe(403)
    expect((await json(plain)).code).toBe('FORBIDDEN')

    const noReason = await start(admin.jar, { userId: user.userId })
    expect(noReason.status).toBe(400)
    expect((await json(noReason)).code).toBe('VALIDATION_FAILED')
    const shortReason = await start(admin.jar, { userId: user.userId, reason: '   because  ' })
    expect(shortReason.status).toBe(400)

    const other = await signIn(otherRoot)
    const superTarget = await start(admin.jar, { userId: other.userId, reason: REASON })
    expect(superTarget.status).toBe(403)
    const refusal = await json<{ code: string; error: string }>(superTarget)
    expect(refusal.code).toBe('IMPERSONATION_REFUSED')
    expect(refusal.error).toMatch(/superadmin cannot be impersonated/)

    const disabled = await signIn(email('disabled'))
    await db()
      .updateTable('auth_users')
      .set({ is_active: false })
      .where('id', '=', disabled.userId)
      .execute()
    const off = await start(admin.jar, { userId: disabled.userId, reason: REASON })
    expect(off.status).toBe(403)
    expect((await json(off)).code).toBe('IMPERSONATION_REFUSED')

    const unknown = await start(admin.jar, {
      userId: '00000000-0000-4000-8000-000000000000',
      reason: REASON,
    })
    expect(unknown.status).toBe(404)
    // Nothing was recorded for any refused attempt.
    const rows = await db()
      .selectFrom('auth_impersonations')
      .select('id')
      .where('superadmin_id', '=', admin.userId)
      .execute()
    expect(rows).toHaveLength(0)
  })

  it('refuses a tenant when no layer keeps tenants (layer 2 off), and records nothing', async () => {
    const before = await db()
      .selectFrom('auth_impersonations')
      .select('id')
      .where('target_user_id', '=', user.userId)
      .execute()
    const res = await start(admin.jar, {
      userId: user.userId,
      tenantId: '6f1c1d52-8a63-4c1e-9a53-3f4f0b0c2a11',
      reason: REASON,
    })
    expect(res.status).toBe(422)
    expect(await json(res)).toMatchObject({
      code: 'IMPERSONATION_TENANT_INVALID',
      error: 'This platform has no tenants; leave the tenant out.',
    })
    const after = await db()
      .selectFrom('auth_impersonations')
      .select('id')
      .where('target_user_id', '=', user.userId)
      .execute()
    expect(after).toEqual(before)
  })

  it('issues a session as the user that carries both identities and ends within 15 minutes', async () => {
    const before = Date.now()
    const res = await start(admin.jar, { userId: user.userId, reason: `  ${REASON}  ` })
    expect(res.status).toBe(201)
    const body = await json<{ accessToken: string; user: { id: string; email: string } }>(res)
    expect(body.user.id).toBe(user.userId)
    const claims = decodeJwt(body.accessToken)
    expect(claims.sub).toBe(user.userId)
    expect(claims.act).toEqual({ sub: admin.userId, email: root })
    expect(claims.sa).toBe(false)
    expect(claims.exp! * 1000).toBeLessThanOrEqual(
      before + IMPERSONATION_LIMITS.minutes * 60_000 + 1000,
    )

    // The superadmin's own refresh token is kept aside, HttpOnly, sent to /api/auth only.
    const own = res.headers.getSetCookie().find((line) => line.startsWith('stratum_rt_own='))
    expect(own).toMatch(/HttpOnly/i)
    expect(own).toMatch(/Path=\/api\/auth/)
    const jar = merge(admin.jar, res)
    expect(jar.stratum_rt_own).toBe(admin.jar.stratum_rt)
    expect(jar.stratum_rt).not.toBe(admin.jar.stratum_rt)

    const me = await json<{
      user: { id: string }
      impersonation: { by: { id: string; email: string }; endsAt: string; reason: string }
    }>(await send('GET', '/api/auth/me', jar))
    expect(me.user.id).toBe(user.userId)
    expect(me.impersonation).toMatchObject({
      by: { id: admin.userId, email: root },
      reason: REASON,
    })
    const endsAt = Date.parse(me.impersonation.endsAt)
    expect(endsAt - before).toBeLessThanOrEqual(IMPERSONATION_LIMITS.minutes * 60_000 + 1000)
    expect(endsAt - before).toBeGreaterThan(IMPERSONATION_LIMITS.minutes * 60_000 - 5000)

    const stored = await db()
      .selectFrom('auth_impersonations')
      .selectAll()
      .where('target_user_id', '=', user.userId)
      .executeTakeFirstOrThrow()
    expect(stored).toMatchObject({
      superadmin_id: admin.userId,
      reason: REASON,
      ended_at: null,
      family_id: claims.sid,
    })

    // While acting as the user, a second impersonation is refused.
    const again = await start(jar, { userId: user.userId, reason: REASON })
    expect(again.status).toBe(409)
    expect((await json(again)).code).toBe('ALREADY_IMPERSONATING')

    const started = probe.records.find((r) => r.action === 'auth.impersonation.started')
    expect(started).toMatchObject({
      actorId: admin.userId,
      target: { type: 'user', id: user.userId },
      reason: REASON,
    })
    expect(JSON.stringify(started)).not.toContain(body.accessToken)
    expect(JSON.stringify(started)).not.toContain(jar.stratum_rt)

    // Stop: the impersonated session ends and the superadmin's own comes back without a sign-in.
    const stop = await send('POST', '/api/auth/impersonation/stop', jar)
    expect(stop.status).toBe(200)
    expect((await json<{ user: { id: string } }>(stop)).user.id).toBe(admin.userId)
    const restored = merge(jar, stop)
    expect(restored.stratum_rt_own).toBeUndefined()
    const back = await json<{ user: { id: string }; impersonation: unknown }>(
      await send('GET', '/api/auth/me', restored),
    )
    expect(back).toMatchObject({ user: { id: admin.userId }, impersonation: null })
    const ended = await h.t.request('/api/auth/me', {
      headers: { authorization: `Bearer ${body.accessToken}` },
    })
    expect(ended.status).toBe(401)
    const row = await db()
      .selectFrom('auth_impersonations')
      .select('ended_at')
      .where('id', '=', stored.id)
      .executeTakeFirstOrThrow()
    expect(row.ended_at).not.toBeNull()
    expect(probe.records.find((r) => r.action === 'auth.impersonation.stopped')).toMatchObject({
      actorId: admin.userId,
      reason: REASON,
    })
    admin.jar = restored
  })

  it('refreshes within the time without outliving it, and not at all after it', async () => {
    const res = await start(admin.jar, { userId: user.userId, reason: REASON })
    expect(res.status).toBe(201)
    let jar = merge(admin.jar, res)
    const sid = decodeJwt(((await json(res)) as { accessToken: string }).accessToken).sid as string
    // Two minutes are left: the next access token ends with them, not 15 minutes later.
    const end = new Date(Date.now() + 120_000)
    await db()
      .updateTable('auth_impersonations')
      .set({ ends_at: end })
      .where('family_id', '=', sid)
      .execute()
    await db()
      .updateTable('auth_refresh_tokens')
      .set({ session_ends_at: end, expires_at: end })
      .where('family_id', '=', sid)
      .execute()
    const refreshed = await send('POST', '/api/auth/refresh', jar)
    expect(refreshed.status).toBe(200)
    const token = (await json<{ accessToken: string }>(refreshed)).accessToken
    const claims = decodeJwt(token)
    expect(claims.exp).toBeLessThanOrEqual(Math.floor(end.getTime() / 1000))
    expect(claims.act).toEqual({ sub: admin.userId, email: root })
    jar = merge(jar, refreshed)

    // The 15 minutes are over (set in the past rather than waited for).
    const past = new Date(Date.now() - 1000)
    await db()
      .updateTable('auth_impersonations')
      .set({ ends_at: past })
      .where('family_id', '=', sid)
      .execute()
    await db()
      .updateTable('auth_refresh_tokens')
      .set({ session_ends_at: past, expires_at: past })
      .where('family_id', '=', sid)
      .execute()
    const late = await send('POST', '/api/auth/refresh', jar)
    expect(late.status).toBe(401)
    expect((await json(late)).code).toBe('IMPERSONATION_ENDED')
    // Even a refresh token whose expiry was not moved is refused once the record says it is over.
    await db()
      .updateTable('auth_refresh_tokens')
      .set({ expires_at: sql`now() + interval '1 day'` })
      .where('family_id', '=', sid)
      .execute()
    const stillLate = await send('POST', '/api/auth/refresh', jar)
    expect(stillLate.status).toBe(401)
    expect((await json(stillLate)).code).toBe('IMPERSONATION_ENDED')

    // Stop still brings the superadmin back (their own session was kept aside).
    const stop = await send('POST', '/api/auth/impersonation/stop', merge(jar, late))
    expect(stop.status).toBe(200)
    expect((await json<{ user: { id: string } }>(stop)).user.id).toBe(admin.userId)
    admin.jar = merge(merge(jar, late), stop)
  })

  it('shows the user their sessions and who acted as them; they can end the others', async () => {
    const res = await start(admin.jar, { userId: user.userId, reason: REASON })
    const impersonating = merge(admin.jar, res)
    const sid = decodeJwt(((await json(res)) as { accessToken: string }).accessToken).sid as string

    const listed = await send('GET', '/api/auth/sessions', user.jar)
    expect(listed.status).toBe(200)
    const list = await json<{
      sessions: Array<{
        id: string
        current: boolean
        impersonatedBy: { by: { email: string }; reason: string } | null
      }>
      impersonations: Array<{ by: { email: string }; reason: string; endedAt: string | null }>
    }>(listed)
    const own = list.sessions.filter((s) => s.current)
    expect(own).toHaveLength(1)
    expect(list.sessions.find((s) => s.id === sid)?.impersonatedBy).toMatchObject({
      by: { email: root },
      reason: REASON,
    })
    // Past ones too: one stopped, one whose time ran out.
    expect(list.impersonations.length).toBeGreaterThanOrEqual(3)
    expect(list.impersonations.every((i) => i.by.email === root && i.reason === REASON)).toBe(true)
    expect(list.impersonations.filter((i) => i.endedAt !== null)).toHaveLength(1)

    // The impersonator cannot end the user's sessions; the user can end the impersonation.
    const byImpersonator = await send('DELETE', `/api/auth/sessions/${own[0]!.id}`, impersonating)
    expect(byImpersonator.status).toBe(403)
    const current = await send('DELETE', `/api/auth/sessions/${own[0]!.id}`, user.jar)
    expect(current.status).toBe(409)
    expect((await json(current)).code).toBe('SESSION_IS_CURRENT')
    const foreign = await send('DELETE', `/api/auth/sessions/${admin.userId}`, user.jar)
    expect(foreign.status).toBe(404)
    const ended = await send('DELETE', `/api/auth/sessions/${sid}`, user.jar)
    expect(ended.status).toBe(204)
    const refused = await send('GET', '/api/auth/me', impersonating)
    expect(refused.status).toBe(401)
    const after = await json<{ sessions: Array<{ id: string }> }>(
      await send('GET', '/api/auth/sessions', user.jar),
    )
    expect(after.sessions.map((s) => s.id)).not.toContain(sid)
  })

  it('ends every other session at once, never the current one, and not for an impersonator', async () => {
    const member = await signIn(email('everywhere'))
    // A second session of the member's: a superadmin acting as them.
    const res = await start(admin.jar, { userId: member.userId, reason: REASON })
    expect(res.status).toBe(201)
    const impersonating = merge(admin.jar, res)
    const listed = await json<{
      sessions: Array<{ id: string; current: boolean; ip: string | null; userAgent: string | null }>
    }>(await send('GET', '/api/auth/sessions', member.jar))
    expect(listed.sessions).toHaveLength(2)
    // Where each was last used from, for the list to show.
    expect(listed.sessions.every((s) => typeof s.ip === 'string' && s.ip.length > 0)).toBe(true)

    const byImpersonator = await send('DELETE', '/api/auth/sessions', impersonating)
    expect(byImpersonator.status).toBe(403)
    const ended = await send('DELETE', '/api/auth/sessions', member.jar)
    expect(ended.status).toBe(200)
    expect(await json(ended)).toEqual({ ended: 1 })
    expect((await send('GET', '/api/auth/me', impersonating)).status).toBe(401)
    expect((await send('GET', '/api/auth/me', member.jar)).status).toBe(200)
    const after = await json<{ sessions: Array<{ current: boolean }> }>(
      await send('GET', '/api/auth/sessions', member.jar),
    )
    expect(after.sessions.map((s) => s.current)).toEqual([true])
    // Nothing left to end: still 200, none ended.
    expect(await json(await send('DELETE', '/api/auth/sessions', member.jar))).toEqual({ ended: 0 })
    admin.jar = merge(admin.jar, await send('POST', '/api/auth/impersonation/stop', impersonating))
  })
})

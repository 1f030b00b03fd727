import { SignJWT, UnsecuredJWT } from 'jose'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  captureLogger,
  createTestHost,
  startThrowawayRedis,
  TEST_TARGETS,
} from '@stratum/host-backend/testing'
import { createRedisCacheStore, DevMailbox } from '../../../../host-backend/src/platform/index.ts'
import {
  AUTH_LAYERS,
  CODE_IN_MAIL,
  cookieHeader,
  cookiesFrom,
  createAuthHarness,
  type AuthHarness,
} from '../../test/auth-harness.ts'
import { authCacheKeys } from './auth-limiter.ts'
import { deriveKey } from './keys.ts'

let n = 0
const email = (tag: string) => `${tag}-${Date.now()}-${n++}@example.test`
const ORIGIN = 'http://localhost'

describe.each(TEST_TARGETS)('sessions on %s', (target) => {
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness(target, { PUBLIC_ORIGINS: ORIGIN })
  })
  afterAll(() => h?.close())

  async function signIn(address = email('s')) {
    const code = await h.code(address)
    const res = await h.post(
      '/api/auth/verify-otp',
      { email: address, code },
      { headers: { origin: ORIGIN } },
    )
    expect(res.status).toBe(200)
    const body = (await res.json()) as { accessToken: string; user: { id: string } }
    return { jar: cookiesFrom(res), accessToken: body.accessToken, userId: body.user.id }
  }
  const refresh = (jar: Record<string, string>, origin = ORIGIN) =>
    h.post('/api/auth/refresh', undefined, { headers: { cookie: cookieHeader(jar), origin } })
  const errorCode = async (res: Response) => ((await res.json()) as { code: string }).code

  it('answers /me by Bearer token and by cookie', async () => {
    const { jar, accessToken } = await signIn()
    const bearer = await h.t.request('/api/auth/me', {
      headers: { authorization: `Bearer ${accessToken}` },
    })
    expect(bearer.status).toBe(200)
    const byCookie = await h.t.request('/api/auth/me', { headers: { cookie: cookieHeader(jar) } })
    expect(byCookie.status).toBe(200)
    const anonymous = await h.t.request('/api/auth/me')
    expect(anonymous.status).toBe(401)
    expect(await errorCode(anonymous)).toBe('UNAUTHENTICATED')
  })

  it('rotates the refresh token on every use; reusing an old one revokes the family', async () => {
    const { jar: first, userId } = await signIn()
    const r1 = await refresh(first)
    expect(r1.status).toBe(200)
    const second = cookiesFrom(r1)
    expect(second.stratum_rt).toBeDefined()
    expect(second.stratum_rt).not.toBe(first.stratum_rt)
    const r2 = await refresh(second)
    expect(r2.status).toBe(200)
    const third = cookiesFrom(r2)

    await h.endRefreshGrace(userId)
    const reused = await refresh(first)
    expect(reused.status).toBe(401)
    expect(await errorCode(reused)).toBe('REFRESH_TOKEN_REUSED')
    // The newest token of that family is dead too.
    const afterTheft = await refresh(third)
    expect(afterTheft.status).toBe(401)
    expect(await errorCode(afterTheft)).toBe('REFRESH_TOKEN_INVALID')
  })

  /** `/me` by Bearer token, and the error body when it is refused. */
  const me = async (accessToken: string) => {
    const res = await h.t.request('/api/auth/me', {
      headers: { authorization: `Bearer ${accessToken}` },
    })
    return { status: res.status, body: (await res.json()) as Record<string, unknown> }
  }
  const expectEnded = async (accessToken: string) => {
    const { status, body } = await me(accessToken)
    expect(status).toBe(401)
    expect(body).toMatchObject({ code: 'TOKEN_INVALID', error: expect.any(String) })
    expect(Object.keys(body).sort()).toEqual(['code', 'error', 'requestId', 'timestamp'])
  }

  it('refuses the access token right after logout, by Bearer and by cookie', async () => {
    const address = email('logout')
    const { jar, accessToken } = await signIn(address)
    await h.t.host.platform.cache.delete(...authCacheKeys(address).sendThrottles)
    const other = await signIn(address)
    expect((await me(accessToken)).status).toBe(200)
    const out = await h.post('/api/auth/logout', undefined, {
      headers: { cookie: cookieHeader(jar), origin: ORIGIN },
    })
    expect(out.status).toBe(204)
    await expectEnded(accessToken)
    const byCookie = await h.t.request('/api/auth/me', {
      headers: { cookie: cookieHeader({ stratum_at: jar.stratum_at! }) },
    })
    expect(byCookie.status).toBe(401)
    // The user's other session is untouched.
    expect((await me(other.accessToken)).status).toBe(200)
  })

  it('refuses every access token of a family that refresh-token reuse revoked', async () => {
    const { jar, accessToken, userId } = await signIn()
    const rotated = await refresh(jar)
    expect(rotated.status).toBe(200)
    const newer = ((await rotated.json()) as { accessToken: string }).accessToken
    expect((await me(newer)).status).toBe(200)
    await h.endRefreshGrace(userId)
    const reused = await refresh(jar)
    expect(await errorCode(reused)).toBe('REFRESH_TOKEN_REUSED')
    await expectEnded(accessToken)
    await expectEnded(newer)
  })

  it('answers concurrent refreshes with one token with the same new pair', async () => {
    const { jar, userId } = await signIn()
    const answers = await Promise.all([refresh(jar), refresh(jar), refresh(jar)])
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200])
    const pairs = await Promise.all(
      answers.map(async (r) => ({
        refreshToken: cookiesFrom(r).stratum_rt,
        accessToken: ((await r.json()) as { accessToken: string }).accessToken,
      })),
    )
    expect(new Set(pairs.map((p) => p.refreshToken)).size).toBe(1)
    expect(new Set(pairs.map((p) => p.accessToken)).size).toBe(1)
    expect(pairs[0]!.refreshToken).not.toBe(jar.stratum_rt)
    // One rotation happened and the session lives on: nothing was revoked.
    const rows = await h.t.host.platform.database.db
      .selectFrom('auth_refresh_tokens')
      .select(['used_at', 'revoked_at'])
      .where('user_id', '=', userId)
      .execute()
    expect(rows).toHaveLength(2)
    expect(rows.filter((r) => r.revoked_at !== null)).toHaveLength(0)
    expect((await me(pairs[0]!.accessToken)).status).toBe(200)
    expect((await refresh({ ...jar, stratum_rt: pairs[0]!.refreshToken! })).status).toBe(200)
  })

  it('answers a replay within the grace window with the live successor, and revokes after it', async () => {
    const { jar: first, userId } = await signIn()
    const r1 = await refresh(first)
    const second = cookiesFrom(r1)
    // The first token comes back while the second has already been rotated: the live one wins.
    const r2 = await refresh(second)
    const third = cookiesFrom(r2)
    const replay = await refresh(first)
    expect(replay.status).toBe(200)
    expect(cookiesFrom(replay).stratum_rt).toBe(third.stratum_rt)

    await h.endRefreshGrace(userId)
    const late = await refresh(first)
    expect(late.status).toBe(401)
    expect(await errorCode(late)).toBe('REFRESH_TOKEN_REUSED')
    expect((await refresh(third)).status).toBe(401)
  })

  it('refuses a successor that a logout during its rotation did not see', async () => {
    const { jar: first, userId } = await signIn()
    const second = cookiesFrom(await refresh(first))
    // What a logout racing the rotation leaves: the old token revoked, the new one not.
    await h.t.host.platform.database.db
      .updateTable('auth_refresh_tokens')
      .set({ revoked_at: new Date() })
      .where('user_id', '=', userId)
      .where('used_at', 'is not', null)
      .execute()
    const late = await refresh(second)
    expect(late.status).toBe(401)
    expect(await errorCode(late)).toBe('REFRESH_TOKEN_INVALID')
  })

  it('stores refresh tokens only hashed', async () => {
    const { jar, userId } = await signIn()
    const rows = await h.t.host.platform.database.db
      .selectFrom('auth_refresh_tokens')
      .selectAll()
      .where('user_id', '=', userId)
      .execute()
    expect(rows).toHaveLength(1)
    expect(JSON.stringify(rows)).not.toContain(jar.stratum_rt)
    expect(Buffer.from(jar.stratum_rt!, 'base64url')).toHaveLength(32)
  })

  it('logs out: revokes the family and clears the cookies', async () => {
    const { jar } = await signIn()
    const res = await h.post('/api/auth/logout', undefined, {
      headers: { cookie: cookieHeader(jar), origin: ORIGIN },
    })
    expect(res.status).toBe(204)
    const cleared = res.headers.getSetCookie()
    expect(cleared.some((c) => c.startsWith('stratum_rt=;') && /Max-Age=0/.test(c))).toBe(true)
    expect(cleared.some((c) => c.startsWith('stratum_at=;') && /Max-Age=0/.test(c))).toBe(true)
    expect((await refresh(jar)).status).toBe(401)
  })

  /** The Set-Cookie line of the readable presence cookie, if the response has one. */
  const presence = (res: Response) =>
    res.headers.getSetCookie().find((c) => /^(__Host-)?stratum_signed_in=/.test(c))
  const expectPresenceSet = (res: Response) => {
    const line = presence(res)
    // Its value: when the access cookie, set with it, lapses (epoch seconds).
    const accessUntil = Number(/^stratum_signed_in=(\d+);/.exec(line ?? '')?.[1])
    const expected = Date.now() / 1000 + 15 * 60
    expect(Math.abs(accessUntil - expected)).toBeLessThan(5)
    const access = res.headers.getSetCookie().find((c) => c.startsWith('stratum_at='))
    expect(access).toMatch(new RegExp(`Max-Age=${15 * 60}(;|$)`))
    expect(line).toMatch(new RegExp(`Max-Age=${30 * 86_400}(;|$)`))
    expect(line).toMatch(/; Path=\/(;|$)/)
    expect(line).toMatch(/; SameSite=Lax/)
    // The SPA reads it; it holds no secret and grants nothing.
    expect(line).not.toMatch(/HttpOnly/i)
  }
  const expectAllCleared = (res: Response) => {
    const cleared = res.headers.getSetCookie()
    for (const name of ['stratum_at', 'stratum_rt', 'stratum_signed_in'])
      expect(cleared.some((c) => c.startsWith(`${name}=;`) && /Max-Age=0/.test(c))).toBe(true)
  }

  it('sets the readable presence cookie with the session cookies, on sign-in and refresh', async () => {
    const address = email('presence')
    const code = await h.code(address)
    const res = await h.post(
      '/api/auth/verify-otp',
      { email: address, code },
      { headers: { origin: ORIGIN } },
    )
    expect(res.status).toBe(200)
    expectPresenceSet(res)
    const session = res.headers.getSetCookie().filter((c) => /^stratum_(at|rt)=/.test(c))
    expect(session).toHaveLength(2)
    for (const line of session) expect(line).toMatch(/HttpOnly/)
    const rotated = await refresh(cookiesFrom(res))
    expect(rotated.status).toBe(200)
    expectPresenceSet(rotated)
    // The server never trusts it: alone it is no session.
    const alone = await h.t.request('/api/auth/me', {
      headers: { cookie: `stratum_signed_in=${cookiesFrom(rotated).stratum_signed_in}` },
    })
    expect(alone.status).toBe(401)
  })

  it('clears the presence cookie on sign-out, refresh-token reuse and an ended session', async () => {
    const { jar, userId } = await signIn()
    const rotated = await refresh(jar)
    expect(rotated.status).toBe(200)
    await h.endRefreshGrace(userId)
    const reused = await refresh(jar)
    expect(await errorCode(reused)).toBe('REFRESH_TOKEN_REUSED')
    expectAllCleared(reused)
    // The family is revoked: its newest token is refused, and the browser is told so.
    const revoked = await refresh(cookiesFrom(rotated))
    expect(revoked.status).toBe(401)
    expectAllCleared(revoked)

    const other = await signIn()
    const out = await h.post('/api/auth/logout', undefined, {
      headers: { cookie: cookieHeader(other.jar), origin: ORIGIN },
    })
    expect(out.status).toBe(204)
    expectAllCleared(out)
  })

  it('clears a leftover presence cookie when there is no refresh token to use', async () => {
    const res = await refresh({ stratum_signed_in: '1' })
    expect(res.status).toBe(401)
    expect(await errorCode(res)).toBe('REFRESH_TOKEN_INVALID')
    expectAllCleared(res)
    // A forged Origin never gets that far, and clears nothing.
    const foreign = await refresh({ stratum_signed_in: '1' }, 'https://evil.example.net')
    expect(foreign.status).toBe(403)
    expect(presence(foreign)).toBeUndefined()
  })

  it('refuses cookie-authenticated unsafe requests from a foreign Origin (CSRF)', async () => {
    const { jar } = await signIn()
    const foreign = await refresh(jar, 'https://evil.example.net')
    expect(foreign.status).toBe(403)
    expect(await errorCode(foreign)).toBe('CSRF_REJECTED')
    const logout = await h.post('/api/auth/logout', undefined, {
      headers: { cookie: cookieHeader(jar), origin: 'https://evil.example.net' },
    })
    expect(logout.status).toBe(403)
    const noOrigin = await h.post('/api/auth/refresh', undefined, {
      headers: { cookie: cookieHeader(jar) },
    })
    expect(noOrigin.status).toBe(403)
    // A form post cannot even reach the route: only JSON bodies are accepted on /api.
    const form = await h.t.request('/api/auth/logout', {
      method: 'POST',
      headers: { cookie: cookieHeader(jar), 'content-type': 'application/x-www-form-urlencoded' },
      body: 'a=1',
    })
    expect(form.status).toBe(415)
    // The session survived all of that.
    expect((await refresh(jar)).status).toBe(200)
  })

  it('rejects tokens with alg none, without exp or sid, with the wrong type or a foreign key', async () => {
    const { userId } = await signIn()
    const key = deriveKey(h.t.host.config.APP_SECRET!, 'access-token')
    const { family_id: sid } = await h.t.host.platform.database.db
      .selectFrom('auth_refresh_tokens')
      .select('family_id')
      .where('user_id', '=', userId)
      .executeTakeFirstOrThrow()
    const claims = { email: 'x@example.test', sa: true, sid }
    const base = () =>
      new SignJWT(claims)
        .setIssuer('stratum')
        .setAudience('stratum-api')
        .setSubject(userId)
        .setIssuedAt()
        .setJti('j1')
    const forged = {
      algNone: new UnsecuredJWT(claims)
        .setIssuer('stratum')
        .setAudience('stratum-api')
        .setSubject(userId)
        .setIssuedAt()
        .setJti('j')
        .setExpirationTime('10m')
        .encode(),
      noExp: await base().setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' }).sign(key),
      wrongTyp: await base()
        .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
        .setExpirationTime('10m')
        .sign(key),
      foreignKey: await base()
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setExpirationTime('10m')
        .sign(new Uint8Array(32).fill(7)),
      // Issued before access tokens were bound to their session: refused, the client refreshes.
      noSid: await new SignJWT({ email: 'x@example.test', sa: true })
        .setIssuer('stratum')
        .setAudience('stratum-api')
        .setSubject(userId)
        .setIssuedAt()
        .setJti('j1')
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setExpirationTime('10m')
        .sign(key),
      expired: await base()
        .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
        .setExpirationTime(Math.floor(Date.now() / 1000) - 5)
        .sign(key),
    }
    for (const [name, token] of Object.entries(forged)) {
      const res = await h.t.request('/api/auth/me', {
        headers: { authorization: `Bearer ${token}` },
      })
      expect([name, res.status]).toEqual([name, 401])
      expect(await errorCode(res)).toBe('TOKEN_INVALID')
    }
    // The same construction with exp and the right key is accepted: the checks above are real.
    const good = await base()
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt' })
      .setExpirationTime('10m')
      .sign(key)
    expect(
      (await h.t.request('/api/auth/me', { headers: { authorization: `Bearer ${good}` } })).status,
    ).toBe(200)
  })

  it('issues 15-minute access tokens with iss, aud, sub, exp, iat, jti, sid and its own typ', async () => {
    const { accessToken } = await signIn()
    const [header, payload] = accessToken
      .split('.')
      .slice(0, 2)
      .map((p) => JSON.parse(Buffer.from(p, 'base64url').toString()) as Record<string, unknown>)
    expect(header).toEqual({ alg: 'HS256', typ: 'at+jwt' })
    expect(Object.keys(payload!).sort()).toEqual([
      'aud',
      'email',
      'exp',
      'iat',
      'iss',
      'jti',
      'sa',
      'sid',
      'sub',
    ])
    expect((payload!.exp as number) - (payload!.iat as number)).toBe(900)
  })

  it('uses __Host- Secure cookies over https (via a trusted proxy)', async () => {
    const secureHost = await createAuthHarness(target, {
      TRUSTED_PROXIES: '127.0.0.1',
      PUBLIC_ORIGINS: 'https://app.example.com',
    })
    try {
      const address = email('https')
      const code = await secureHost.code(address, '127.0.0.1', {
        'x-forwarded-for': '203.0.113.9',
        'x-forwarded-proto': 'https',
      })
      const res = await secureHost.post(
        '/api/auth/verify-otp',
        { email: address, code },
        {
          headers: {
            'x-forwarded-for': '203.0.113.9',
            'x-forwarded-proto': 'https',
            origin: 'https://app.example.com',
          },
        },
      )
      expect(res.status).toBe(200)
      const cookies = res.headers.getSetCookie()
      expect(cookies.map((c) => c.split('=')[0]).sort()).toEqual([
        '__Host-stratum_at',
        '__Host-stratum_rt',
        '__Host-stratum_signed_in',
      ])
      for (const c of cookies) expect(c).toMatch(/; Secure/)
      for (const c of cookies) expect(c).toMatch(/; Path=\/(;|$)/)
      expect(cookies.find((c) => /^__Host-stratum_signed_in=\d+;/.test(c))).not.toMatch(/HttpOnly/i)
      const out = await secureHost.post('/api/auth/logout', undefined, {
        headers: {
          cookie: cookieHeader(cookiesFrom(res)),
          'x-forwarded-for': '203.0.113.9',
          'x-forwarded-proto': 'https',
          origin: 'https://app.example.com',
        },
      })
      expect(out.status).toBe(204)
      const cleared = out.headers.getSetCookie()
      expect(cleared.map((c) => c.split('=')[0]).sort()).toEqual([
        '__Host-stratum_at',
        '__Host-stratum_rt',
        '__Host-stratum_signed_in',
      ])
      for (const c of cleared) expect(c).toMatch(/Max-Age=0.*; Secure|; Secure.*Max-Age=0/)
    } finally {
      await secureHost.close()
    }
  })
})

describe('sign-in codes never reach the logs', () => {
  it('keeps the code out of every log line of a full sign-in', async () => {
    const { logger, entries } = captureLogger('debug')
    const printed: string[] = []
    const t = await createTestHost({
      target: 'embedded',
      layersConfig: AUTH_LAYERS,
      mail: new DevMailbox(logger, { from: 'x@s.test', print: (s) => printed.push(s) }),
      logger,
    })
    try {
      const address = email('logs')
      await t.request('/api/auth/request-otp', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: address }),
      })
      await t.host.platform.jobs.whenIdle()
      const code = CODE_IN_MAIL.exec(t.host.platform.mail.mailbox!.list()[0]!.text)![1]!
      await t.request('/api/auth/verify-otp', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: address, code: code === '000000' ? '111111' : '000000' }),
      })
      await t.request('/api/auth/verify-otp', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email: address, code }),
      })
      expect(entries.length).toBeGreaterThan(3)
      expect(JSON.stringify(entries)).not.toContain(code)
      // The dev mailbox prints it to the console on purpose: that is how a developer signs in.
      expect(printed.join('\n')).toContain(code)
    } finally {
      await t.close()
    }
  })
})

describe('Redis stopped', () => {
  it('keeps serving signed-in users, and refuses a session signed out meanwhile', async () => {
    const redis = await startThrowawayRedis()
    const { logger, entries } = captureLogger()
    const cache = await createRedisCacheStore(redis.url, logger, { prefix: 'auth-sessions:' })
    const t = await createTestHost({ target: 'postgres', layersConfig: AUTH_LAYERS, cache, logger })
    try {
      const post = (path: string, init: { body?: unknown; cookie?: string; ip: string }) =>
        t.request(
          path,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              origin: ORIGIN,
              ...(init.cookie ? { cookie: init.cookie } : {}),
            },
            ...(init.body === undefined ? {} : { body: JSON.stringify(init.body) }),
          },
          init.ip,
        )
      const signInAs = async (address: string, ip: string) => {
        expect((await post('/api/auth/request-otp', { body: { email: address }, ip })).status).toBe(
          202,
        )
        await t.host.platform.jobs.whenIdle()
        const mail = t.host.platform.mail.mailbox!.list().find((m) => m.to === address)!
        const code = CODE_IN_MAIL.exec(mail.text)![1]!
        const res = await post('/api/auth/verify-otp', { body: { email: address, code }, ip })
        expect(res.status).toBe(200)
        return {
          jar: cookiesFrom(res),
          accessToken: ((await res.json()) as { accessToken: string }).accessToken,
        }
      }
      const me = async (accessToken: string) =>
        (await t.request('/api/auth/me', { headers: { authorization: `Bearer ${accessToken}` } }))
          .status
      const [leaving, staying] = [
        await signInAs(email('leaving'), '10.60.0.1'),
        await signInAs(email('staying'), '10.60.0.2'),
      ]
      await redis.stop()
      expect([await me(leaving.accessToken), await me(staying.accessToken)]).toEqual([200, 200])
      const out = await post('/api/auth/logout', {
        cookie: cookieHeader(leaving.jar),
        ip: '10.60.0.1',
      })
      expect(out.status).toBe(204)
      expect([await me(leaving.accessToken), await me(staying.accessToken)]).toEqual([401, 200])
      expect(entries.some((e) => /session was revoked while the cache/.test(e.message))).toBe(true)
    } finally {
      await redis.stop()
      await t.close()
    }
  })

  it('refuses sign-in fast with 503, never hangs and never skips a limit', async () => {
    const redis = await startThrowawayRedis()
    const { logger } = captureLogger()
    const cache = await createRedisCacheStore(redis.url, logger, { prefix: 'auth-down:' })
    const t = await createTestHost({ target: 'postgres', layersConfig: AUTH_LAYERS, cache, logger })
    try {
      const body = JSON.stringify({ email: email('down') })
      const post = (path: string, payload = body) =>
        t.request(path, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: payload,
        })
      expect((await post('/api/auth/request-otp')).status).toBe(202)
      await redis.stop()
      for (const path of ['/api/auth/request-otp', '/api/auth/verify-otp']) {
        const started = Date.now()
        const res = await post(
          path,
          path.endsWith('verify-otp')
            ? JSON.stringify({ email: 'a@example.test', code: '123456' })
            : body,
        )
        expect(Date.now() - started).toBeLessThan(1000)
        expect(res.status).toBe(503)
        expect(((await res.json()) as { code: string }).code).toBe('CACHE_UNAVAILABLE')
      }
    } finally {
      await redis.stop()
      await t.close()
    }
  })
})

import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import {
  CODE_IN_MAIL,
  cookiesFrom,
  createAuthHarness,
  type AuthHarness,
} from '../../test/auth-harness.ts'
import { AUTH_LIMITS } from '../shared/limits.ts'
import { authCacheKeys } from './auth-limiter.ts'

let n = 0
const email = (tag: string) => `${tag}-${Date.now()}-${n++}@example.test`

describe.each(TEST_TARGETS)('one-time codes on %s', (target) => {
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness(target, { SUPERADMIN_EMAILS: 'root@example.test' })
  })
  afterAll(() => h?.close())

  const verify = (address: string, code: string, ip?: string) =>
    h.post('/api/auth/verify-otp', { email: address, code }, { ip })

  it('signs in with the code from a real mail, creating the user once', async () => {
    const address = email('first')
    const code = await h.code(address)
    const res = await verify(address.toUpperCase(), code)
    expect(res.status).toBe(200)
    const body = (await res.json()) as {
      user: { email: string; lastLoginAt: string; isSuperadmin: boolean }
      accessToken: string
    }
    expect(body.user.email).toBe(address)
    expect(body.user.lastLoginAt).not.toBeNull()
    expect(body.user.isSuperadmin).toBe(false)
    const cookies = cookiesFrom(res)
    expect(Object.keys(cookies).sort()).toEqual(['stratum_at', 'stratum_rt', 'stratum_signed_in'])
    // The session cookies are HttpOnly; the presence cookie, which holds no secret, is readable.
    for (const line of res.headers.getSetCookie()) {
      expect(line).toMatch(/SameSite=Lax/)
      if (line.startsWith('stratum_signed_in=')) expect(line).not.toMatch(/HttpOnly/)
      else expect(line).toMatch(/HttpOnly/)
    }

    await h.t.host.platform.cache.delete(...authCacheKeys(address).sendThrottles)
    const again = await verify(address, await h.code(address, '10.0.0.2'))
    expect(again.status).toBe(200)
    const rows = await h.t.host.platform.database.db
      .selectFrom('auth_users')
      .selectAll()
      .where(sql`lower(email)`, '=', address)
      .execute()
    expect(rows).toHaveLength(1)
  })

  it('sends a real message: HTML and text parts, localized, branded, only the code as secret', async () => {
    const address = email('mail')
    await h.post(
      '/api/auth/request-otp',
      { email: address },
      { headers: { 'accept-language': 'en-US,en;q=0.8' } },
    )
    const mail = await h.mailTo(address)
    expect(mail.subject).toBe('Your Stratum sign-in code')
    expect(mail.text).toMatch(CODE_IN_MAIL)
    expect(mail.html).toContain('<img src="cid:logo"')
    expect(mail.html).toContain(CODE_IN_MAIL.exec(mail.text)![1])
    expect(
      mail.attachments.some((a) => a.cid === 'logo' && a.contentType === 'image/svg+xml'),
    ).toBe(true)
    expect(mail.text + mail.html).not.toContain(h.t.host.config.APP_SECRET!)

    const es = email('mail-es')
    await h.post('/api/auth/request-otp', { email: es, locale: 'es-ES' })
    expect((await h.mailTo(es)).subject).toBe('Tu código de acceso a Stratum')
    const pt = email('mail-pt')
    await h.post('/api/auth/request-otp', { email: pt })
    expect((await h.mailTo(pt)).subject).toBe('Seu código de acesso ao Stratum')
  })

  it('stores codes only as HMACs', async () => {
    const address = email('hmac')
    const code = await h.code(address)
    const row = await h.t.host.platform.database.db
      .selectFrom('auth_otp_codes')
      .selectAll()
      .where('email', '=', address)
      .executeTakeFirstOrThrow()
    expect(JSON.stringify(row)).not.toContain(code)
    expect(row.code_hmac).toMatch(/^[A-Za-z0-9_-]{43}$/)
  })

  it('accepts a code once, and says so when it comes back', async () => {
    const address = email('once')
    const code = await h.code(address)
    expect((await verify(address, code)).status).toBe(200)
    const second = await verify(address, code)
    expect(second.status).toBe(409)
    expect(((await second.json()) as { code: string }).code).toBe('OTP_ALREADY_USED')
    // A wrong code for a used one learns nothing new and costs no try.
    const wrong = await verify(address, code === '000000' ? '111111' : '000000')
    expect(wrong.status).toBe(400)
    expect(((await wrong.json()) as { code: string }).code).toBe('OTP_EXPIRED')
  })

  it('refuses an expired code', async () => {
    const address = email('expired')
    const code = await h.code(address)
    await h.t.host.platform.database.db
      .updateTable('auth_otp_codes')
      .set({ expires_at: sql`now() - interval '1 second'` })
      .where('email', '=', address)
      .execute()
    const res = await verify(address, code)
    expect(res.status).toBe(400)
    expect(((await res.json()) as { code: string }).code).toBe('OTP_EXPIRED')
  })

  it('invalidates the previous code when a new one is requested', async () => {
    const address = email('replace')
    const first = await h.code(address)
    await h.t.host.platform.cache.delete(...authCacheKeys(address).sendThrottles)
    const second = await h.code(address)
    const old = await verify(address, first)
    // The old code is dead even if it happens to equal the new one by chance.
    if (first !== second) expect(((await old.json()) as { code: string }).code).toBe('OTP_INVALID')
    expect((await verify(address, second)).status).toBe(200)
  })

  it('kills a code after 5 wrong tries, counting down tries left', async () => {
    const address = email('tries')
    const code = await h.code(address)
    const wrong = code === '000000' ? '111111' : '000000'
    const seen: Array<[string, number | undefined]> = []
    for (let i = 0; i < 5; i++) {
      const body = (await (await verify(address, wrong)).json()) as {
        code: string
        details?: { attemptsLeft?: number }
      }
      seen.push([body.code, body.details?.attemptsLeft])
    }
    expect(seen).toEqual([
      ['OTP_INVALID', 4],
      ['OTP_INVALID', 3],
      ['OTP_INVALID', 2],
      ['OTP_INVALID', 1],
      ['OTP_TOO_MANY_ATTEMPTS', 0],
    ])
    const right = await verify(address, code)
    expect(right.status).toBe(400)
    expect(((await right.json()) as { code: string }).code).toBe('OTP_TOO_MANY_ATTEMPTS')
  })

  it('locks sign-in after 100 consecutive failures across resends, for an hour', async () => {
    const address = email('lock')
    let last: Response | undefined
    for (
      let round = 0;
      round < AUTH_LIMITS.failuresBeforeLock / AUTH_LIMITS.triesPerCode;
      round++
    ) {
      // Time passing between resends: only the send throttles are cleared, never the failures.
      await h.t.host.platform.cache.delete(...authCacheKeys(address).sendThrottles)
      const code = await h.code(address, `10.1.${round}.1`)
      const wrong = code === '000000' ? '111111' : '000000'
      for (let i = 0; i < AUTH_LIMITS.triesPerCode; i++)
        last = await verify(address, wrong, `10.1.${round}.1`)
    }
    expect(last!.status).toBe(429)
    expect(((await last!.json()) as { code: string }).code).toBe('ACCOUNT_LOCKED')
    const retryAfter = Number(last!.headers.get('retry-after'))
    expect(retryAfter).toBeGreaterThan(3500)
    expect(retryAfter).toBeLessThanOrEqual(3600)
    // Even a fresh, correct code cannot sign in while locked, and no code can be requested.
    const blocked = await h.post('/api/auth/request-otp', { email: address }, { ip: '10.2.0.1' })
    expect(blocked.status).toBe(429)
    expect(((await blocked.json()) as { code: string }).code).toBe('ACCOUNT_LOCKED')
  })

  it('resets the failure run after a successful sign-in', async () => {
    const address = email('reset')
    const code = await h.code(address)
    await verify(address, code === '000000' ? '111111' : '000000')
    expect((await verify(address, code)).status).toBe(200)
    expect(await h.t.host.platform.cache.get(authCacheKeys(address).failures)).toBeUndefined()
  })

  it('throttles sending: one per minute and five per hour per email', async () => {
    const address = email('throttle')
    expect(
      (await h.post('/api/auth/request-otp', { email: address }, { ip: '10.3.0.1' })).status,
    ).toBe(202)
    const soon = await h.post('/api/auth/request-otp', { email: address }, { ip: '10.3.0.2' })
    expect(soon.status).toBe(429)
    expect(((await soon.json()) as { code: string }).code).toBe('OTP_SEND_THROTTLED')
    const wait = Number(soon.headers.get('retry-after'))
    expect(wait).toBeGreaterThan(0)
    expect(wait).toBeLessThanOrEqual(60)

    const keys = authCacheKeys(address)
    for (let i = 1; i < AUTH_LIMITS.sendsPerHour; i++) {
      await h.t.host.platform.cache.delete(keys.cooldown)
      expect(
        (await h.post('/api/auth/request-otp', { email: address }, { ip: `10.3.1.${i}` })).status,
      ).toBe(202)
    }
    await h.t.host.platform.cache.delete(keys.cooldown)
    const hourly = await h.post('/api/auth/request-otp', { email: address }, { ip: '10.3.2.1' })
    expect(hourly.status).toBe(429)
    expect(Number(hourly.headers.get('retry-after'))).toBeGreaterThan(60)
  })

  it('limits requests and verifies per client IP', async () => {
    const ip = '10.4.0.1'
    let res: Response | undefined
    for (let i = 0; i <= AUTH_LIMITS.ipRequestsPerWindow; i++)
      res = await h.post('/api/auth/request-otp', { email: email('ip') }, { ip })
    expect(res!.status).toBe(429)
    expect(((await res!.json()) as { code: string }).code).toBe('TOO_MANY_REQUESTS')
    expect(Number(res!.headers.get('retry-after'))).toBeGreaterThan(0)
    const vip = '10.4.0.2'
    for (let i = 0; i <= AUTH_LIMITS.ipVerifiesPerWindow; i++)
      res = await verify(email('vip'), '123456', vip)
    expect(res!.status).toBe(429)
  })

  it('answers known and unknown emails alike: status, body and comparable time', async () => {
    const known = Array.from({ length: 8 }, () => email('known'))
    for (const address of known)
      await h.t.host.platform.database.db
        .insertInto('auth_users')
        .values({ email: address })
        .execute()
    const unknown = Array.from({ length: 8 }, () => email('unknown'))
    const timeOf = async (address: string, i: number, tag: string) => {
      const started = performance.now()
      const res = await h.post(
        '/api/auth/request-otp',
        { email: address },
        { ip: `10.5.${tag}.${i}` },
      )
      return { ms: performance.now() - started, status: res.status, body: await res.text() }
    }
    const a: Array<Awaited<ReturnType<typeof timeOf>>> = []
    const b: typeof a = []
    // Interleaved, so drift on the machine hits both sides equally.
    for (let i = 0; i < known.length; i++) {
      a.push(await timeOf(known[i]!, i, '1'))
      b.push(await timeOf(unknown[i]!, i, '2'))
    }
    expect(new Set([...a, ...b].map((r) => r.status))).toEqual(new Set([202]))
    expect(new Set([...a, ...b].map((r) => r.body)).size).toBe(1)
    const median = (xs: number[]) => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)]!
    const [ka, ub] = [median(a.map((r) => r.ms)), median(b.map((r) => r.ms))]
    expect(Math.max(ka, ub) / Math.min(ka, ub)).toBeLessThan(2)
  })

  it('turns 20 parallel correct submissions into one session; the others hear "already used"', async () => {
    const address = email('race')
    const code = await h.code(address)
    const results = await Promise.all(Array.from({ length: 20 }, () => verify(address, code)))
    const answers = await Promise.all(
      results.map(async (r) => `${r.status} ${((await r.json()) as { code?: string }).code}`),
    )
    expect(answers.filter((a) => a.startsWith('200 '))).toHaveLength(1)
    expect(answers.filter((a) => !a.startsWith('200 '))).toEqual(
      Array.from({ length: 19 }, () => '409 OTP_ALREADY_USED'),
    )
    const user = await h.t.host.platform.database.db
      .selectFrom('auth_users')
      .select('id')
      .where('email', '=', address)
      .executeTakeFirstOrThrow()
    const sessions = await h.t.host.platform.database.db
      .selectFrom('auth_refresh_tokens')
      .selectAll()
      .where('user_id', '=', user.id)
      .execute()
    expect(sessions).toHaveLength(1)
  })

  it('makes an email from SUPERADMIN_EMAILS a superadmin at sign-in', async () => {
    const res = await verify(
      'root@example.test',
      await h.code('root@example.test', '10.6.0.1'),
      '10.6.0.1',
    )
    expect(((await res.json()) as { user: { isSuperadmin: boolean } }).user.isSuperadmin).toBe(true)
  })

  it('rejects malformed input with field errors', async () => {
    const res = await h.post('/api/auth/verify-otp', { email: 'not-an-email', code: '12ab' })
    expect(res.status).toBe(400)
    const body = (await res.json()) as {
      code: string
      details: { fields: Record<string, string[]> }
    }
    expect(body.code).toBe('VALIDATION_FAILED')
    expect(Object.keys(body.details.fields).sort()).toEqual(['code', 'email'])
  })
})

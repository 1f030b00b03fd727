import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHost, TEST_TARGETS, type TestHost } from '@stratum/host-backend/testing'
import { AUTH_LAYERS } from '../../test/auth-harness.ts'
import type { AuthDatabase } from './tables.ts'

const HOUR = 3_600_000
const DAY = 24 * HOUR

describe.each(TEST_TARGETS)('auth cleanup on %s', (target) => {
  let t: TestHost
  let db: Kysely<AuthDatabase>
  beforeAll(async () => {
    t = await createTestHost({
      target,
      layersConfig: AUTH_LAYERS,
      env: { CLEANUP_OTP_CODES_AFTER_HOURS: '24', CLEANUP_REFRESH_TOKENS_AFTER_DAYS: '7' },
    })
    db = t.host.platform.database.db as Kysely<AuthDatabase>
  })
  afterAll(() => t?.close())

  const at = (offsetMs: number) => new Date(Date.now() + offsetMs)

  it('is scheduled once, with the cron from CLEANUP_CRON', async () => {
    const { rows } = await sql<{ name: string; cron: string }>`
      select name, cron from pgboss.schedule where name = 'auth.cleanup'`.execute(db)
    expect(rows).toEqual([{ name: 'auth.cleanup', cron: '17 * * * *' }])
  })

  it('deletes exactly the codes dead for a day and the families expired for a week', async () => {
    const code = (email: string, fields: Record<string, Date>) =>
      db
        .insertInto('auth_otp_codes')
        .values({ email, code_hmac: `hmac-${email}`, expires_at: at(10 * 60_000), ...fields })
        .execute()
    await code('live@example.test', {})
    await code('used-recently@example.test', { used_at: at(-HOUR) })
    await code('expired-recently@example.test', { expires_at: at(-2 * HOUR) })
    await code('used-long-ago@example.test', {
      used_at: at(-25 * HOUR),
      expires_at: at(-24.9 * HOUR),
    })
    await code('replaced-long-ago@example.test', {
      invalidated_at: at(-30 * HOUR),
      expires_at: at(-29.9 * HOUR),
    })
    await code('expired-long-ago@example.test', { expires_at: at(-30 * HOUR) })

    const user = await db
      .insertInto('auth_users')
      .values({ email: 'family@example.test' })
      .returning('id')
      .executeTakeFirstOrThrow()
    const token = (family: string, name: string, expiresAt: Date) =>
      db
        .insertInto('auth_refresh_tokens')
        .values({
          user_id: user.id,
          family_id: family,
          token_hash: name,
          expires_at: expiresAt,
        })
        .execute()
    const [oldFamily, liveFamily, recentFamily] = [
      crypto.randomUUID(),
      crypto.randomUUID(),
      crypto.randomUUID(),
    ]
    await token(oldFamily!, 'old-1', at(-9 * DAY))
    await token(oldFamily!, 'old-2', at(-8 * DAY))
    await token(liveFamily!, 'live-1', at(-8 * DAY))
    await token(liveFamily!, 'live-2', at(20 * DAY))
    await token(recentFamily!, 'recent-1', at(-2 * DAY))

    // Through the queue, as the cron runs it.
    await t.host.platform.jobs.enqueue('auth.cleanup', {})
    await t.host.platform.jobs.whenIdle()

    const codes = await db.selectFrom('auth_otp_codes').select('email').orderBy('email').execute()
    expect(codes.map((c) => c.email)).toEqual([
      'expired-recently@example.test',
      'live@example.test',
      'used-recently@example.test',
    ])
    const tokens = await db
      .selectFrom('auth_refresh_tokens')
      .select('token_hash')
      .orderBy('token_hash')
      .execute()
    expect(tokens.map((r) => r.token_hash)).toEqual(['live-1', 'live-2', 'recent-1'])
  })
})

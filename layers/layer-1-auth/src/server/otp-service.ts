import { createHmac, randomInt, timingSafeEqual } from 'node:crypto'
import { sql, type Kysely } from 'kysely'
import {
  AppError,
  type JobQueue,
  type Logger,
  type MessageCatalog,
  type ThemeInfo,
} from '@stratum/layer-core/server'
import { DEFAULT_LOCALE, type LocaleCode } from '@stratum/layer-core/shared'
import { AuthErrorCode } from '../shared/errors.ts'
import { AUTH_LIMITS } from '../shared/limits.ts'
import type { AuditRecorder } from './audit-recorder.ts'
import type { AuthLimiter } from './auth-limiter.ts'
import { deriveKey } from './keys.ts'
import { liveLocale } from './live-locale.ts'
import { OTP_MAIL_JOB } from './mail/otp-mail-job.ts'
import type { AuthDatabase, AuthUserRow } from './tables.ts'

export interface OtpServiceDeps {
  db: Kysely<AuthDatabase>
  limiter: AuthLimiter
  jobs: JobQueue
  /** Mail texts (registered under `auth`) and the live locales. */
  messages: MessageCatalog
  logger: Logger
  secret: string
  /** Emails that become superadmins when they sign in (lower-cased). */
  superadminEmails: readonly string[]
}

/** The request a sign-in step serves. */
export interface SignInRequest {
  /** The client's address, for the per-IP limits. */
  ip: string
  /** Records the step's audit events against the request. */
  audit: AuditRecorder
}

const userTarget = (id: string) => ({ type: 'user', id })

const invalidCode = (attemptsLeft: number) =>
  new AppError(
    400,
    AuthErrorCode.OTP_INVALID,
    `That code is not right; ${attemptsLeft} ${attemptsLeft === 1 ? 'try' : 'tries'} left.`,
    { attemptsLeft },
  )
const expiredCode = () =>
  new AppError(
    400,
    AuthErrorCode.OTP_EXPIRED,
    'This code has expired or was already used; ask for a new one.',
  )
const usedCode = () =>
  new AppError(
    409,
    AuthErrorCode.OTP_ALREADY_USED,
    'This code was already used to sign in (perhaps in another tab); ask for a new one if you are not signed in.',
  )
const deadCode = () =>
  new AppError(
    400,
    AuthErrorCode.OTP_TOO_MANY_ATTEMPTS,
    'Too many wrong tries for this code; ask for a new one.',
    { attemptsLeft: 0 },
  )

/** Issues and checks one-time sign-in codes. Codes are stored only as HMACs. */
export class OtpService {
  readonly #hmacKey: Buffer

  constructor(private readonly deps: OtpServiceDeps) {
    this.#hmacKey = deriveKey(deps.secret, 'otp-hmac')
  }

  #hmac(email: string, code: string): Buffer {
    return createHmac('sha256', this.#hmacKey).update(`${email}\0${code}`).digest()
  }

  /**
   * Sends a fresh code. Known and unknown emails take the same path (the first successful verify
   * creates the user, and both are audited), so the answer reveals nothing about whether an
   * account exists.
   * @param input.locale the live locale the request prefers, used when the user has none
   */
  async request(
    input: { email: string; theme: ThemeInfo; locale: LocaleCode | undefined },
    request: SignInRequest,
  ): Promise<void> {
    const { db, limiter, messages } = this.deps
    const { email } = input
    await limiter.checkIp('request', request.ip)
    await limiter.checkLock(email)
    await limiter.takeSendSlot(email)

    const code = String(randomInt(0, 10 ** AUTH_LIMITS.codeLength)).padStart(
      AUTH_LIMITS.codeLength,
      '0',
    )
    const user = await db
      .selectFrom('auth_users')
      .select(['id', 'locale'])
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst()
    const locale = liveLocale(messages, user?.locale) ?? input.locale ?? DEFAULT_LOCALE
    await db.transaction().execute(async (trx) => {
      // A new code replaces any code still waiting for this email.
      await trx
        .updateTable('auth_otp_codes')
        .set({ invalidated_at: sql`now()` })
        .where('email', '=', email)
        .where('used_at', 'is', null)
        .where('invalidated_at', 'is', null)
        .execute()
      const row = await trx
        .insertInto('auth_otp_codes')
        .values({
          email,
          code_hmac: this.#hmac(email, code).toString('base64url'),
          expires_at: new Date(Date.now() + AUTH_LIMITS.codeTtlSeconds * 1000),
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      // The mail is queued with the code: both commit, or neither. A worker sends it, so neither
      // a slow nor a stopped SMTP server changes this answer or its timing.
      await this.deps.jobs.enqueue(
        OTP_MAIL_JOB,
        { codeId: row.id, to: email, code, locale, theme: input.theme.name },
        { trx },
      )
    })
    await request.audit({
      action: 'auth.code.requested',
      ...(user ? { target: userTarget(user.id) } : {}),
    })
  }

  /**
   * Checks a code and signs the user in. Checks of one code run one after another (a row lock on
   * the code), and a try is reserved before the comparison, so parallel guesses cannot exceed 5.
   * Of parallel correct submissions exactly one signs in; the others wait for it and are told the
   * code was already used (`OTP_ALREADY_USED`), not that it was wrong.
   */
  async verify<S>(
    input: {
      email: string
      code: string
      /** The live locale a new user starts with. @default DEFAULT_LOCALE */
      locale: LocaleCode | undefined
    },
    request: SignInRequest,
    startSession: (user: AuthUserRow, trx: Kysely<AuthDatabase>) => Promise<S>,
  ): Promise<{ user: AuthUserRow; session: S }> {
    const { db, limiter } = this.deps
    const { email, code, locale } = input
    await limiter.checkIp('verify', request.ip)
    await limiter.checkLock(email)
    // The newest code still in force: the live one, or the one that was last used.
    const latest = await db
      .selectFrom('auth_otp_codes')
      .select('id')
      .where('email', '=', email)
      .where('invalidated_at', 'is', null)
      .where('expires_at', '>', sql<Date>`now()`)
      .orderBy('created_at', 'desc')
      .limit(1)
      .executeTakeFirst()
    if (!latest) throw expiredCode()

    const superadmin = this.deps.superadminEmails.includes(email)
    const outcome = await db.transaction().execute(async (trx) => {
      const row = await trx
        .selectFrom('auth_otp_codes')
        .select(['code_hmac', 'used_at', 'invalidated_at'])
        .select(sql<boolean>`expires_at > now()`.as('live'))
        .where('id', '=', latest.id)
        .forUpdate()
        .executeTakeFirst()
      if (!row || row.invalidated_at || !row.live) return { status: 'expired' as const }
      // Comparing against a used code reveals nothing usable: it can never sign in again.
      if (row.used_at)
        return { status: this.#matches(row.code_hmac, email, code) ? 'used' : 'expired' } as const
      const tries = await limiter.reserveTry(latest.id)
      if (tries > AUTH_LIMITS.triesPerCode) return { status: 'dead' as const }
      if (!this.#matches(row.code_hmac, email, code)) return { status: 'wrong' as const, tries }
      await trx
        .updateTable('auth_otp_codes')
        .set({ used_at: sql`now()` })
        .where('id', '=', latest.id)
        .execute()
      const user = await trx
        .insertInto('auth_users')
        .values({
          email,
          locale: locale ?? DEFAULT_LOCALE,
          last_login_at: sql`now()`,
          is_superadmin: superadmin,
        })
        .onConflict((oc) =>
          oc.expression(sql`lower(email)`).doUpdateSet({
            last_login_at: sql`now()`,
            ...(superadmin ? { is_superadmin: true } : {}),
          }),
        )
        .returningAll()
        .executeTakeFirstOrThrow()
      if (!user.is_active)
        throw new AppError(
          403,
          AuthErrorCode.ACCOUNT_DISABLED,
          'This account is disabled; contact your administrator.',
        )
      return { status: 'signed-in' as const, user, session: await startSession(user, trx) }
    })

    switch (outcome.status) {
      case 'expired':
        throw expiredCode()
      case 'used':
        throw usedCode()
      case 'dead':
        throw deadCode()
      case 'wrong': {
        const { lockedUntil } = await limiter.recordFailure(email)
        if (lockedUntil) {
          await this.#auditLock(email, lockedUntil, request)
          await limiter.checkLock(email)
        }
        const left = AUTH_LIMITS.triesPerCode - outcome.tries
        throw left > 0 ? invalidCode(left) : deadCode()
      }
    }
    await limiter.recordSuccess(email)
    await request.audit({
      action: 'auth.session.signed_in',
      actorId: outcome.user.id,
      target: userTarget(outcome.user.id),
    })
    return { user: outcome.user, session: outcome.session }
  }

  #matches(codeHmac: string, email: string, code: string): boolean {
    const expected = Buffer.from(codeHmac, 'base64url')
    const actual = this.#hmac(email, code)
    return expected.length === actual.length && timingSafeEqual(expected, actual)
  }

  /** The system locked the account: recorded without an actor, against the user if one exists. */
  async #auditLock(email: string, until: Date, request: SignInRequest): Promise<void> {
    const user = await this.deps.db
      .selectFrom('auth_users')
      .select('id')
      .where(sql`lower(email)`, '=', email)
      .executeTakeFirst()
    await request.audit({
      action: 'auth.account.locked',
      ...(user ? { target: userTarget(user.id) } : {}),
      after: { lockedUntil: until.toISOString() },
      reason: `${AUTH_LIMITS.failuresBeforeLock} consecutive failed codes`,
    })
  }
}

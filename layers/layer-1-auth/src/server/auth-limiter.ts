import { createHash } from 'node:crypto'
import { AppError, type CacheStore } from '@stratum/layer-core/server'
import { AuthErrorCode } from '../shared/errors.ts'
import { AUTH_LIMITS } from '../shared/limits.ts'

/** Cache keys hold a hash of the email, never the address itself. */
const emailKey = (email: string) =>
  createHash('sha256').update(email).digest('base64url').slice(0, 22)
/** Cache keys of one email's counters (tests use them to simulate time passing). */
export function authCacheKeys(email: string) {
  const key = emailKey(email)
  const cooldown = `auth:send-cooldown:${key}`
  const hourly = `auth:send-hour:${key}`
  return {
    cooldown,
    hourly,
    sendThrottles: [cooldown, hourly],
    failures: `auth:failures:${key}`,
    lock: `auth:lock:${key}`,
  }
}

const seconds = (ms: number) => Math.max(1, Math.ceil(ms / 1000))

const refuse = (
  code: string,
  message: string,
  retryAfter: number,
  details?: Record<string, unknown>,
) =>
  new AppError(
    429,
    code,
    message,
    { retryAfterSeconds: retryAfter, ...details },
    { 'Retry-After': String(retryAfter) },
  )

/**
 * Every sign-in counter, kept in the cache store so all replicas share them. A cache failure
 * propagates (503): no limit is ever skipped.
 */
export class AuthLimiter {
  constructor(
    private readonly cache: CacheStore,
    private readonly limits = AUTH_LIMITS,
  ) {}

  /** Per client IP: code requests and verifications, each in its own window. */
  async checkIp(kind: 'request' | 'verify', ip: string): Promise<void> {
    const windowMs = this.limits.ipWindowSeconds * 1000
    const max =
      kind === 'request' ? this.limits.ipRequestsPerWindow : this.limits.ipVerifiesPerWindow
    const { count, ttlMs } = await this.cache.increment(`auth:ip-${kind}:${ip}`, windowMs)
    if (count > max) {
      throw refuse(
        AuthErrorCode.TOO_MANY_REQUESTS,
        `Too many sign-in attempts from this network; try again in ${seconds(ttlMs)} s.`,
        seconds(ttlMs),
      )
    }
  }

  /** Refuses while the account is locked after 100 consecutive failures. */
  async checkLock(email: string): Promise<void> {
    const until = Number(await this.cache.get(`auth:lock:${emailKey(email)}`))
    const left = until - Date.now()
    if (left > 0) {
      throw refuse(
        AuthErrorCode.ACCOUNT_LOCKED,
        `Sign-in for this account is locked after too many wrong codes; try again in ${Math.ceil(left / 60_000)} min.`,
        seconds(left),
      )
    }
  }

  /** At most one code per minute and five per hour for one email. */
  async takeSendSlot(email: string): Promise<void> {
    const key = emailKey(email)
    const cooldown = await this.cache.increment(
      `auth:send-cooldown:${key}`,
      this.limits.resendCooldownSeconds * 1000,
    )
    if (cooldown.count > 1) {
      throw refuse(
        AuthErrorCode.OTP_SEND_THROTTLED,
        `A code was sent moments ago; you can ask for another in ${seconds(cooldown.ttlMs)} s.`,
        seconds(cooldown.ttlMs),
      )
    }
    const hourly = await this.cache.increment(`auth:send-hour:${key}`, 3_600_000)
    if (hourly.count > this.limits.sendsPerHour) {
      throw refuse(
        AuthErrorCode.OTP_SEND_THROTTLED,
        `Too many codes were sent to this address; try again in ${Math.ceil(hourly.ttlMs / 60_000)} min.`,
        seconds(hourly.ttlMs),
      )
    }
  }

  /**
   * Reserves one try of a code before it is compared, so parallel guesses cannot exceed the limit.
   * @returns tries used so far, this one included
   */
  async reserveTry(codeId: string): Promise<number> {
    const { count } = await this.cache.increment(
      `auth:code-tries:${codeId}`,
      this.limits.codeTtlSeconds * 1000,
    )
    return count
  }

  /**
   * Counts a wrong code against the account; the 100th consecutive one locks sign-in for an hour.
   * @returns when this failure locked the account, until when
   */
  async recordFailure(email: string): Promise<{ lockedUntil: Date | undefined }> {
    const key = emailKey(email)
    const { count } = await this.cache.increment(
      `auth:failures:${key}`,
      this.limits.failureWindowSeconds * 1000,
    )
    if (count < this.limits.failuresBeforeLock) return { lockedUntil: undefined }
    const lockMs = this.limits.lockSeconds * 1000
    const until = Date.now() + lockMs
    await this.cache.set(`auth:lock:${key}`, String(until), lockMs)
    await this.cache.delete(`auth:failures:${key}`)
    return { lockedUntil: new Date(until) }
  }

  /** A successful sign-in ends the run of consecutive failures. */
  async recordSuccess(email: string): Promise<void> {
    await this.cache.delete(`auth:failures:${emailKey(email)}`)
  }
}

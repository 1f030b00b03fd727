import { isApiError, type ApiError } from '@stratum/layer-core/client'

/** A translatable message: key under `auth.`, named values, and the plural count if any. */
export interface AuthErrorMessage {
  readonly key: string
  readonly values: Readonly<Record<string, unknown>>
  readonly plural?: number
}

/** Codes shown as a message on the form; any other failure is unexpected (core's ErrorView). */
const PLAIN = new Set([
  'OTP_EXPIRED',
  'OTP_ALREADY_USED',
  'OTP_TOO_MANY_ATTEMPTS',
  'RATE_LIMITED',
  'MAIL_DELIVERY_FAILED',
  'CACHE_UNAVAILABLE',
  'ACCOUNT_DISABLED',
  'CSRF_REJECTED',
  'INSECURE_TRANSPORT',
])
const TIMED = new Set(['ACCOUNT_LOCKED', 'OTP_SEND_THROTTLED', 'TOO_MANY_REQUESTS'])

// Waits the server states in a `Retry-After` header only, for the codes that have one.
const HEADER_ONLY_WAITS: Readonly<Record<string, number>> = {
  MAIL_DELIVERY_FAILED: 60,
  CACHE_UNAVAILABLE: 5,
}

const numberIn = (details: unknown, key: string): number | undefined => {
  if (typeof details !== 'object' || details === null) return undefined
  const value = (details as Record<string, unknown>)[key]
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 ? value : undefined
}

/**
 * Seconds to wait before trying again. The API client's errors carry the body, not the headers,
 * so this reads `details.retryAfterSeconds`, which the server sets to its `Retry-After` value.
 */
export function retryAfterSeconds(error: unknown): number | undefined {
  if (!isApiError(error)) return undefined
  return numberIn(error.details, 'retryAfterSeconds') ?? HEADER_ONLY_WAITS[error.code]
}

/** Field errors of a `400 VALIDATION_FAILED` (`details.fields`), by field name. */
export function fieldErrorsOf(error: unknown): Readonly<Record<string, readonly string[]>> {
  if (!isApiError(error) || error.code !== 'VALIDATION_FAILED') return {}
  const fields = (error.details as { fields?: unknown } | undefined)?.fields
  return typeof fields === 'object' && fields !== null
    ? (fields as Record<string, readonly string[]>)
    : {}
}

/** A wait as a translatable duration: seconds under a minute, minutes under an hour, else hours. */
export function waitMessage(seconds: number): AuthErrorMessage {
  const [key, n] =
    seconds < 60
      ? ['time.seconds', Math.max(1, Math.ceil(seconds))]
      : seconds < 3600
        ? ['time.minutes', Math.ceil(seconds / 60)]
        : ['time.hours', Math.ceil(seconds / 3600)]
  return { key, values: { n }, plural: n }
}

/**
 * The message for a sign-in failure the user can act on, or `undefined` for an unexpected one
 * (show it with core's ErrorView, which gives the request id).
 */
export function describeAuthError(error: unknown): AuthErrorMessage | undefined {
  if (!isApiError(error)) return undefined
  const { code } = error as ApiError
  if (code === 'OTP_INVALID') {
    const count = numberIn(error.details, 'attemptsLeft') ?? 0
    return { key: 'errors.OTP_INVALID', values: { count }, plural: count }
  }
  if (TIMED.has(code)) {
    const seconds = retryAfterSeconds(error)
    if (seconds === undefined) return { key: 'errors.RATE_LIMITED', values: {} }
    return { key: `errors.${code}`, values: { wait: seconds } }
  }
  return PLAIN.has(code) ? { key: `errors.${code}`, values: {} } : undefined
}

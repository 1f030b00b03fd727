import type { ApiErrorBody, CoreErrorCode } from '../../shared/errors.ts'

/** Codes the client produces itself, when no error body came back. */
export type ClientErrorCode =
  Extract<CoreErrorCode, 'NETWORK_ERROR' | 'TIMEOUT'> | 'INVALID_RESPONSE'

/** Fields of an {@link ApiError}. */
export interface ApiErrorInit {
  /** HTTP status, or 0 when no response arrived (network failure, timeout). */
  status: number
  /** UPPER_SNAKE_CASE code from the body, or one of {@link ClientErrorCode}. */
  code: string
  message: string
  /** The `X-Request-ID` of the failed request, to quote when reporting the problem. */
  requestId?: string | undefined
  details?: unknown
}

/** Every failure of the API client, parsed from `{ error, code, timestamp, requestId, details? }`. */
export class ApiError extends Error {
  override readonly name = 'ApiError'
  readonly status: number
  readonly code: string
  readonly requestId: string | undefined
  readonly details: unknown

  constructor(init: ApiErrorInit, options?: ErrorOptions) {
    super(init.message, options)
    this.status = init.status
    this.code = init.code
    this.requestId = init.requestId
    this.details = init.details
  }
}

/** Narrow check that does not depend on class identity (two bundles may each carry ApiError). */
export const isApiError = (value: unknown): value is ApiError =>
  value instanceof ApiError || (value instanceof Error && value.name === 'ApiError')

/** True when `value` has the platform's error shape. */
export function isApiErrorBody(value: unknown): value is ApiErrorBody {
  if (typeof value !== 'object' || value === null) return false
  const body = value as Record<string, unknown>
  return typeof body.error === 'string' && typeof body.code === 'string'
}

const codeForStatus: Readonly<Record<number, CoreErrorCode>> = {
  400: 'BAD_REQUEST',
  401: 'UNAUTHORIZED',
  403: 'FORBIDDEN',
  404: 'NOT_FOUND',
  405: 'METHOD_NOT_ALLOWED',
  408: 'TIMEOUT',
  413: 'PAYLOAD_TOO_LARGE',
  415: 'UNSUPPORTED_MEDIA_TYPE',
  429: 'RATE_LIMITED',
  503: 'NOT_READY',
  504: 'TIMEOUT',
}

/** The code used when an error response has no parsable body (a proxy page, an empty body). */
export const codeForHttpStatus = (status: number): string =>
  codeForStatus[status] ?? (status >= 500 ? 'INTERNAL_ERROR' : 'BAD_REQUEST')

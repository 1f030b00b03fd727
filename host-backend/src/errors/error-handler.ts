import type { Context, ErrorHandler } from 'hono'
import { HTTPException } from 'hono/http-exception'
import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { Logger } from 'winston'
import { AppError, CacheUnavailableError } from '@stratum/layer-core/server'
import { CoreErrorCode, type ApiErrorBody } from '@stratum/layer-core/shared'
import { isDatabaseUnavailable } from './database-unavailable.ts'

/** Writes the one error shape; `requestId` always equals the `X-Request-ID` header. */
export function errorResponse(c: Context, error: AppError): Response {
  const requestId = c.get('requestId') ?? 'unknown'
  const body: ApiErrorBody = {
    error: error.message,
    code: error.code,
    timestamp: new Date().toISOString(),
    requestId,
    ...(error.details === undefined ? {} : { details: error.details }),
  }
  const res = c.json(body, error.status)
  for (const [name, value] of Object.entries(error.headers ?? {})) res.headers.set(name, value)
  res.headers.set('X-Request-ID', requestId)
  res.headers.set('Cache-Control', 'no-store')
  return res
}

const HTTP_CODES: Partial<Record<number, string>> = {
  400: CoreErrorCode.BAD_REQUEST,
  401: CoreErrorCode.UNAUTHORIZED,
  403: CoreErrorCode.FORBIDDEN,
  404: CoreErrorCode.NOT_FOUND,
  413: CoreErrorCode.PAYLOAD_TOO_LARGE,
  415: CoreErrorCode.UNSUPPORTED_MEDIA_TYPE,
  429: CoreErrorCode.RATE_LIMITED,
}

/**
 * Maps anything thrown to an {@link AppError}; a lost cache or database connection becomes 503 (the
 * next try may succeed), other unknown failures a bare 500.
 */
export function toAppError(error: unknown): AppError {
  if (error instanceof AppError) return error
  if (error instanceof CacheUnavailableError) {
    return new AppError(
      503,
      CoreErrorCode.CACHE_UNAVAILABLE,
      'A required service is unavailable; try again shortly.',
      undefined,
      { 'Retry-After': '5' },
    )
  }
  if (isDatabaseUnavailable(error)) {
    return new AppError(
      503,
      CoreErrorCode.DATABASE_UNAVAILABLE,
      'The database is briefly unavailable; try again shortly.',
      undefined,
      { 'Retry-After': '2' },
    )
  }
  if (error instanceof HTTPException) {
    // Hono's validators throw this for a body that is not JSON.
    if (error.status === 400 && /malformed json/i.test(error.message)) {
      return new AppError(400, CoreErrorCode.MALFORMED_JSON, 'The request body is not valid JSON.')
    }
    const code =
      HTTP_CODES[error.status] ??
      (error.status >= 500 ? CoreErrorCode.INTERNAL_ERROR : CoreErrorCode.BAD_REQUEST)
    return new AppError(
      error.status as ContentfulStatusCode,
      code,
      error.message || 'The request failed.',
    )
  }
  return new AppError(
    500,
    CoreErrorCode.INTERNAL_ERROR,
    'Something went wrong on our side. Quote the request id if you report it.',
  )
}

/** Step 8: the one error handler. Stacks go to the log with the request id, never to the client. */
export function errorHandler(logger: Logger): ErrorHandler {
  return function handleError(error, c) {
    const appError = toAppError(error)
    if (appError.status >= 500) {
      logger.error('request failed', {
        requestId: c.get('requestId'),
        method: c.req.method,
        path: c.req.path,
        code: appError.code,
        error: error instanceof Error ? error.message : String(error),
        stack: error instanceof Error ? error.stack : undefined,
      })
    }
    return errorResponse(c, appError)
  }
}

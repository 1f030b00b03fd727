import type { ContentfulStatusCode } from 'hono/utils/http-status'
import type { z } from 'zod'
import { CoreErrorCode } from '../shared/errors.ts'

/**
 * A failure the client should see as it is: status, UPPER_SNAKE_CASE code, one sentence, and
 * optional details. Anything else thrown becomes a 500 `INTERNAL_ERROR` with no internals shown.
 */
export class AppError extends Error {
  override readonly name = 'AppError'

  constructor(
    readonly status: ContentfulStatusCode,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    /** Extra response headers, for example `Retry-After`. */
    readonly headers?: Record<string, string>,
  ) {
    super(message)
  }
}

/** Field errors keyed by dotted path, as forms show them next to each field. */
export type FieldErrors = Record<string, string[]>

/** Turns a zod error into `details.fields`. */
export function fieldErrors(error: z.ZodError): FieldErrors {
  const fields: FieldErrors = {}
  for (const issue of error.issues) {
    const key = issue.path.length > 0 ? issue.path.map(String).join('.') : '_root'
    ;(fields[key] ??= []).push(issue.message)
  }
  return fields
}

/** 400 `VALIDATION_FAILED` naming each invalid field. */
export const validationError = (error: z.ZodError, where = 'request'): AppError =>
  new AppError(400, CoreErrorCode.VALIDATION_FAILED, `The ${where} is invalid.`, {
    fields: fieldErrors(error),
  })

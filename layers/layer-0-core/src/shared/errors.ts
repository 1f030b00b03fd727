import { z } from 'zod'

/**
 * Error codes of the core layer. Every layer keeps its own list in `shared/errors.ts`;
 * the client maps codes to translated text.
 */
export const CoreErrorCode = {
  NOT_FOUND: 'NOT_FOUND',
  METHOD_NOT_ALLOWED: 'METHOD_NOT_ALLOWED',
  MALFORMED_JSON: 'MALFORMED_JSON',
  VALIDATION_FAILED: 'VALIDATION_FAILED',
  UNSUPPORTED_MEDIA_TYPE: 'UNSUPPORTED_MEDIA_TYPE',
  PAYLOAD_TOO_LARGE: 'PAYLOAD_TOO_LARGE',
  RATE_LIMITED: 'RATE_LIMITED',
  CACHE_UNAVAILABLE: 'CACHE_UNAVAILABLE',
  DATABASE_UNAVAILABLE: 'DATABASE_UNAVAILABLE',
  NOT_READY: 'NOT_READY',
  SHUTTING_DOWN: 'SHUTTING_DOWN',
  INTERNAL_ERROR: 'INTERNAL_ERROR',
  BAD_REQUEST: 'BAD_REQUEST',
  UNAUTHORIZED: 'UNAUTHORIZED',
  FORBIDDEN: 'FORBIDDEN',
  TIMEOUT: 'TIMEOUT',
  NETWORK_ERROR: 'NETWORK_ERROR',
  /** 404: the layer that owns the route is switched off (globally, or for the request's tenant). */
  LAYER_DISABLED: 'LAYER_DISABLED',
  /** 409: the registry refuses a run-time switch; the message is its sentence. */
  LAYER_SWITCH_REFUSED: 'LAYER_SWITCH_REFUSED',
} as const

export type CoreErrorCode = (typeof CoreErrorCode)[keyof typeof CoreErrorCode]

/** The one JSON shape of every API error. */
export interface ApiErrorBody {
  /** Human-readable sentence. */
  error: string
  /** UPPER_SNAKE_CASE machine code. */
  code: string
  /** ISO 8601 time the error was produced. */
  timestamp: string
  /** Same value as the `X-Request-ID` response header. */
  requestId: string
  details?: unknown
}

export const ERROR_CODE_PATTERN = /^[A-Z][A-Z0-9]*(?:_[A-Z0-9]+)*$/

/** zod form of {@link ApiErrorBody}, for the OpenAPI document and client-side parsing. */
export const apiErrorBodySchema = z.object({
  error: z.string(),
  code: z.string().regex(ERROR_CODE_PATTERN),
  timestamp: z.string(),
  requestId: z.string(),
  details: z.unknown().optional(),
})

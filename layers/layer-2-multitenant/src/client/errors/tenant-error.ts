import { isApiError } from '@stratum/layer-core/client'
import { MultitenantErrorCode } from '../../shared/errors.ts'

/** A translatable message: key under `multitenant.` and its named values. */
export interface TenantErrorMessage {
  readonly key: string
  readonly values: Readonly<Record<string, unknown>>
}

/** Codes this layer's pages explain in words; the server also sends `ROLE_KEY_TAKEN`. */
const KNOWN = new Set<string>([...Object.values(MultitenantErrorCode), 'ROLE_KEY_TAKEN'])

const detail = (details: unknown, key: string): string | undefined => {
  const value = (details as Record<string, unknown> | undefined)?.[key]
  return typeof value === 'string' ? value : undefined
}

/**
 * The message for a failure the user can act on (`LAST_ACCOUNT_ADMIN`, `ROLE_IN_USE`, …), or
 * `undefined` for an unexpected one, which core's ErrorView shows with its request id.
 */
export function describeTenantError(error: unknown): TenantErrorMessage | undefined {
  if (!isApiError(error) || !KNOWN.has(error.code)) return undefined
  return {
    key: `errors.${error.code}`,
    values: { permission: detail(error.details, 'permission') ?? '' },
  }
}

/**
 * Field names the server objected to: `details.fields` of a `VALIDATION_FAILED`, or of a
 * conflict that names a field (`SLUG_TAKEN` names `slug`). The texts are not shown: they are
 * in English, so each form words its own message per field.
 */
export function invalidFields(error: unknown): ReadonlySet<string> {
  if (!isApiError(error)) return new Set()
  const fields = (error.details as { fields?: unknown } | undefined)?.fields
  if (typeof fields !== 'object' || fields === null) return new Set()
  // `permissions.3` is a problem with the permissions field.
  return new Set(Object.keys(fields).map((key) => key.split('.')[0]!))
}

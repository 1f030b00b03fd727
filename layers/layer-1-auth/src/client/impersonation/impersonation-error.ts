import { isApiError } from '@stratum/layer-core/client'

/** Codes the impersonation and sessions screens explain in words of their own. */
const KNOWN = new Set([
  'IMPERSONATION_REFUSED',
  'IMPERSONATION_TENANT_INVALID',
  'ALREADY_IMPERSONATING',
  'NOT_IMPERSONATING',
  'USER_NOT_FOUND',
  'FORBIDDEN',
  'SESSION_IS_CURRENT',
  'SESSION_NOT_FOUND',
])

/** The message key (under `auth-impersonation.`) for a failed impersonation or sessions call. */
export const impersonationErrorKey = (error: unknown): string =>
  isApiError(error) && KNOWN.has(error.code) ? `errors.${error.code}` : 'errors.unexpected'

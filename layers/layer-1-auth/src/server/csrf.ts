import type { Context } from 'hono'
import { AppError } from '@stratum/layer-core/server'
import { AuthErrorCode } from '../shared/errors.ts'

const SAFE = new Set(['GET', 'HEAD', 'OPTIONS'])
const LOCAL_HOST = /^(?:localhost|127\.0\.0\.1|\[::1\]|[a-z0-9-]+(?:\.[a-z0-9-]+)*\.localhost)$/i

export interface OriginPolicy {
  /** Public origins of the app (`PUBLIC_ORIGINS` plus `CORS_ORIGINS`). */
  allowed: readonly string[]
  /** Outside production, same-host and localhost origins pass when no list is configured. */
  development: boolean
}

function originAllowed(c: Context, origin: string, policy: OriginPolicy): boolean {
  if (policy.allowed.includes(origin)) return true
  if (!policy.development || policy.allowed.length > 0) return false
  try {
    const url = new URL(origin)
    return url.host === c.req.header('host') || LOCAL_HOST.test(url.hostname)
  } catch {
    return false
  }
}

/**
 * CSRF defence for unsafe requests that a browser could send with our cookies: the `Origin` must
 * be one of ours. A request with a foreign `Origin`, or a cookie-authenticated one with none, is
 * refused. The JSON-only content type rule runs earlier in the stack.
 */
export function assertSameOrigin(
  c: Context,
  policy: OriginPolicy,
  cookieAuthenticated: boolean,
): void {
  if (SAFE.has(c.req.method)) return
  const origin = c.req.header('origin')
  if (origin === undefined || origin === 'null') {
    if (!cookieAuthenticated) return
    throw new AppError(
      403,
      AuthErrorCode.CSRF_REJECTED,
      'This request must come from the app itself (no Origin header).',
    )
  }
  if (!originAllowed(c, origin, policy)) {
    throw new AppError(
      403,
      AuthErrorCode.CSRF_REJECTED,
      `Requests from ${origin} are not allowed.`,
      { origin },
    )
  }
}

/** Plain http is accepted for localhost development only. */
export function assertSecureTransport(c: Context, production: boolean): void {
  if (c.get('secure') || !production) return
  const host = new URL(c.req.url).hostname
  if (LOCAL_HOST.test(host)) return
  throw new AppError(400, AuthErrorCode.INSECURE_TRANSPORT, 'Sign-in requires https.')
}

import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { requestHeader, setResponseHeader } from './fast-header.ts'
import { isApiPath } from './security-headers.ts'

/**
 * Step 3: CORS for the origins in the allow-list. Requests without `Origin` (same-origin pages,
 * API clients) skip Hono's middleware, which would otherwise build the response early and make
 * Hono copy every header onto the real one. Their pages and files get `Vary: Origin`, so a cache
 * never hands a copy without CORS headers to a cross-origin caller; API answers need none, as
 * step 2 marks them `no-store`.
 */
export function corsAllowList(origins: readonly string[]): MiddlewareHandler {
  const handle = cors({
    origin: [...origins],
    credentials: true,
    exposeHeaders: ['X-Request-ID', 'Retry-After'],
    maxAge: 600,
  })
  return function corsMiddleware(c, next) {
    if (requestHeader(c, 'origin') !== undefined) return handle(c, next)
    if (isApiPath(c.req.path)) return next()
    return next().then(() => setResponseHeader(c, 'Vary', 'Origin'))
  }
}

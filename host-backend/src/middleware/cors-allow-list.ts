import type { MiddlewareHandler } from 'hono'
import { cors } from 'hono/cors'
import { setResponseHeader } from './fast-header.ts'

/**
 * Step 3: CORS for the origins in the allow-list. Requests without `Origin` (same-origin pages,
 * API clients) skip Hono's middleware, which would otherwise build the response early and make
 * Hono copy every header onto the real one; they only get `Vary: Origin` for caches.
 */
export function corsAllowList(origins: readonly string[]): MiddlewareHandler {
  const handle = cors({ origin: [...origins], credentials: true, exposeHeaders: ['X-Request-ID', 'Retry-After'], maxAge: 600 })
  return async function corsMiddleware(c, next) {
    if (c.req.raw.headers.get('origin') === null) {
      await next()
      setResponseHeader(c, 'Vary', 'Origin')
      return
    }
    return handle(c, next)
  }
}

import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'winston'

/** Step 5: one JSON line per request with method, path, status, duration_ms and requestId. */
export function requestLog(logger: Logger): MiddlewareHandler {
  return async function requestLogMiddleware(c, next) {
    const started = performance.now()
    try {
      await next()
    } finally {
      const status = c.res.status
      logger.log(status >= 500 ? 'error' : 'info', 'request', {
        method: c.req.method,
        path: c.req.path,
        status,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
        requestId: c.get('requestId'),
      })
    }
  }
}

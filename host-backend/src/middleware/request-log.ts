import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'winston'
import { LogBatch } from '../logger.ts'

/**
 * Step 5: one JSON line per request with method, path, status, duration_ms and requestId, at
 * `error` for 5xx answers and `info` otherwise. The line is stamped when the response is ready
 * and handed to winston in a {@link LogBatch} right after this turn of the event loop.
 */
export function requestLog(logger: Logger): MiddlewareHandler {
  const batch = new LogBatch(logger)
  return function requestLogMiddleware(c, next) {
    const started = performance.now()
    return next().finally(() => {
      const status = c.res.status
      const level = status >= 500 ? 'error' : 'info'
      // Below the level (LOG_LEVEL=warn in production, say) the line is not even built.
      if (!logger.isLevelEnabled(level)) return
      batch.add({
        level,
        message: 'request',
        method: c.req.method,
        path: c.req.path,
        status,
        duration_ms: Math.round((performance.now() - started) * 100) / 100,
        requestId: c.get('requestId'),
      })
    })
  }
}

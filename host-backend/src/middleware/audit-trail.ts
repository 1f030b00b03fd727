import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'winston'
import { AuditTrail, type AuditSink } from '@stratum/layer-core/server'

/**
 * Step 1b: puts the contributed `core.audit` sinks in the request context, where `audit(c, …)`
 * finds them. Mounted only when at least one sink exists, so audit costs nothing without one.
 */
export function auditTrail(sinks: readonly AuditSink[], logger: Logger): MiddlewareHandler {
  const trail = new AuditTrail(sinks, (error, record) => {
    logger.error('audit sink failed', {
      action: record.action,
      requestId: record.requestId,
      error: String(error),
    })
  })
  return function auditTrailMiddleware(c, next) {
    c.set('auditTrail', trail)
    return next()
  }
}

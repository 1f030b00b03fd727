import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'winston'
import { AuditTrail, type AuditSink, type AuditSinkFilter } from '@stratum/layer-core/server'

/**
 * Step 1b: puts the contributed `core.audit` sinks in the request context, where `audit(c, …)`
 * finds them; `runs` skips a sink whose layer is off for the request's tenant. Mounted only when
 * at least one sink exists, so audit costs nothing without one.
 */
export function auditTrail(
  sinks: readonly AuditSink[],
  logger: Logger,
  runs?: AuditSinkFilter,
): MiddlewareHandler {
  const onError = (error: unknown, record: { action: string; requestId: string | undefined }) => {
    logger.error('audit sink failed', {
      action: record.action,
      requestId: record.requestId,
      error: String(error),
    })
  }
  const trail = new AuditTrail(sinks, onError, runs)
  return function auditTrailMiddleware(c, next) {
    c.set('auditTrail', trail)
    return next()
  }
}

import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Logger } from 'winston'
import type { RequestEvent, RequestEventListener } from '@stratum/layer-core/server'

/** How long an event waits for others to be delivered with it. */
const DELIVERY_DELAY_MS = 5

/** Statements a request sent to the database, counted by the adapter's query observer. */
interface QueryTally {
  queries: number
  durationMs: number
}

/**
 * `core.requestEvents`: wraps the whole stack, counts the database statements each request runs
 * and calls every listener after the response is written. Listener failures are logged, never
 * thrown. Statements are counted where the request hands its observer to the database (the tenant
 * transaction does; `countRequestQueries(c, db)` for others), not through AsyncLocalStorage: on
 * Node 20 its promise hooks cost every promise of the process, and made the logging layer cost
 * the tenant-scoped read more than its 10% budget (ADR 004).
 */
export function requestEvents(
  listeners: readonly RequestEventListener[],
  logger: Logger,
): MiddlewareHandler {
  // Events are delivered together, a few milliseconds after the first of them: the responses are
  // on their sockets by then, and under load one timer serves many requests where a setImmediate
  // per turn of the loop made the loop poll once more for each.
  let pending: RequestEvent[] = []
  const deliver = () => {
    const events = pending
    pending = []
    for (const event of events)
      for (const listener of listeners) {
        try {
          const result = listener(event)
          if (result) result.catch((error: unknown) => report(logger, error))
        } catch (error) {
          report(logger, error)
        }
      }
  }
  return function requestEventsMiddleware(c, next) {
    const started = performance.now()
    const tally: QueryTally = { queries: 0, durationMs: 0 }
    c.set('queryObserver', (durationMs) => {
      tally.queries++
      tally.durationMs += durationMs
    })
    return next().finally(() => {
      const event: RequestEvent = {
        method: c.req.method,
        // After next(), the route index points at the handler that answered.
        route: routePath(c),
        path: c.req.path,
        status: c.res.status,
        durationMs: Math.round((performance.now() - started) * 100) / 100,
        userId: c.get('actorId'),
        tenantId: c.get('tenantId'),
        requestId: c.get('requestId'),
        ip: c.get('clientIp'),
        userAgent: c.req.header('user-agent'),
        db: { queries: tally.queries, durationMs: Math.round(tally.durationMs * 100) / 100 },
        at: new Date(),
      }
      if (pending.push(event) === 1) setTimeout(deliver, DELIVERY_DELAY_MS)
    })
  }
}

function report(logger: Logger, error: unknown): void {
  logger.error('request event listener failed', { error: String(error) })
}

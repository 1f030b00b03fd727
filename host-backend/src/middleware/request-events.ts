import { AsyncLocalStorage } from 'node:async_hooks'
import type { MiddlewareHandler } from 'hono'
import { routePath } from 'hono/route'
import type { Logger } from 'winston'
import type { Database, RequestEvent, RequestEventListener } from '@stratum/layer-core/server'

/** Statements a request sent to the database, counted by the adapter's query observer. */
interface QueryTally {
  queries: number
  durationMs: number
}

/**
 * `core.requestEvents`: wraps the whole stack, counts the database statements each request runs
 * (attributed through AsyncLocalStorage, which is only set up when a listener exists) and calls
 * every listener after the response is written. Listener failures are logged, never thrown.
 */
export function requestEvents(
  listeners: readonly RequestEventListener[],
  database: Database,
  logger: Logger,
): MiddlewareHandler {
  const tallies = new AsyncLocalStorage<QueryTally>()
  database.observeQueries((durationMs) => {
    const tally = tallies.getStore()
    if (!tally) return
    tally.queries++
    tally.durationMs += durationMs
  })
  const deliver = (event: RequestEvent) => {
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
    return tallies.run(tally, next).finally(() => {
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
      // After this turn of the loop: the response has been handed to the socket by then.
      setImmediate(deliver, event)
    })
  }
}

function report(logger: Logger, error: unknown): void {
  logger.error('request event listener failed', { error: String(error) })
}

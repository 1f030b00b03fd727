import type { MiddlewareHandler } from 'hono'

/**
 * Where contributed middleware runs. The order of the host's own steps is written once, in
 * `host-backend/src/app.ts`:
 * - `beforeAuth`: after request id, headers, CORS, body limit, request log and rate limit, before
 *   any layer's router (so before authentication). Sees every request.
 * - `afterTenant`: inside tenant-scoped routes, once the tenant and the caller's role are known and
 *   the tenant transaction is open, before the route's handler.
 */
export type MiddlewareStage = 'beforeAuth' | 'afterTenant'

/** `core.middleware`: one Hono middleware at a named stage. */
export interface MiddlewareContribution {
  readonly stage: MiddlewareStage
  /** Named for logs and errors. */
  readonly name: string
  readonly handler: MiddlewareHandler
}

/** Chains handlers into one middleware, or returns undefined when there are none. */
export function composeMiddleware(
  handlers: readonly MiddlewareHandler[],
): MiddlewareHandler | undefined {
  if (handlers.length === 0) return undefined
  if (handlers.length === 1) return handlers[0]
  return (c, next) => {
    const dispatch = async (i: number): Promise<void> => {
      const handler = handlers[i]
      if (!handler) return next()
      await handler(c, () => dispatch(i + 1))
    }
    return dispatch(0)
  }
}

/** One finished request, as `core.requestEvents` listeners see it. */
export interface RequestEvent {
  readonly method: string
  /** The route pattern that answered (`/api/app/clients/:id`), not the raw path. */
  readonly route: string
  /** The raw path, for logs; never use it to group requests. */
  readonly path: string
  readonly status: number
  readonly durationMs: number
  readonly userId: string | undefined
  readonly tenantId: string | undefined
  readonly requestId: string
  readonly ip: string | undefined
  readonly userAgent: string | undefined
  /**
   * The statements the request sent through its transactions and `countRequestQueries(c, db)`
   * (transaction control included), and their time.
   */
  readonly db: { readonly queries: number; readonly durationMs: number }
  readonly at: Date
}

/**
 * `core.requestEvents`: called once per finished request, after the response is written. It must
 * not throw (errors are logged) and should hand slow work elsewhere: it runs on the server's loop.
 */
export type RequestEventListener = (event: RequestEvent) => void | Promise<void>

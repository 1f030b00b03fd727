import type { Context } from 'hono'
import type {
  Kysely,
  KyselyPlugin,
  PluginTransformQueryArgs,
  PluginTransformResultArgs,
  QueryResult,
  RootOperationNode,
  UnknownRow,
} from 'kysely'

/** Told the duration of each statement a request sends, in milliseconds. */
export type QueryObserver = (durationMs: number) => void

declare module 'hono' {
  interface ContextVariableMap {
    /**
     * Set only while a `core.requestEvents` listener exists: counts the request's statements.
     * Passed explicitly, not through AsyncLocalStorage, whose promise hooks cost every promise of
     * the process on Node 20 (ADR 004).
     */
    queryObserver: QueryObserver | undefined
  }
}

/**
 * Times each statement of the Kysely instance it is added to (`db.withPlugin(timer)`): started
 * when the query is compiled, observed when its result arrives. A statement that fails is not
 * observed (the rollback that follows is). Queries sent precompiled are not seen either.
 */
export class QueryTimer implements KyselyPlugin {
  readonly #started = new WeakMap<object, number>()
  readonly #observe: QueryObserver

  constructor(observe: QueryObserver) {
    this.#observe = observe
  }

  transformQuery(args: PluginTransformQueryArgs): RootOperationNode {
    this.#started.set(args.queryId, performance.now())
    return args.node
  }

  async transformResult(args: PluginTransformResultArgs): Promise<QueryResult<UnknownRow>> {
    const started = this.#started.get(args.queryId)
    if (started !== undefined) this.#observe(performance.now() - started)
    return args.result
  }
}

/** The request's query observer, when a `core.requestEvents` listener counts statements. */
export const requestQueryObserver = (c: Context): QueryObserver | undefined =>
  c.get('queryObserver')

/**
 * `db` with the request's statements counted in its request event (unchanged when nobody
 * counts). The request's tenant transaction is counted already; use this for statements a route
 * sends outside it.
 */
export function countRequestQueries<DB>(c: Context, db: Kysely<DB>): Kysely<DB> {
  const observe = c.get('queryObserver')
  return observe ? db.withPlugin(new QueryTimer(observe)) : db
}

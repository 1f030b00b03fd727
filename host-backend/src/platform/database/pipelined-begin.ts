import pg, { type PoolClient, type QueryResult } from 'pg'

/**
 * What `runWithSettings` sends instead of `BEGIN` on PostgreSQL: no statement, a note on the
 * connection. Its one parameter is the settings statement (`select set_config(...)`) or `''`.
 */
export const PIPELINED_BEGIN = '/* stratum: begin with the next statement */'

const pending = Symbol('stratum.pendingBegin')
const observer = Symbol('stratum.transactionObserver')
/** Told the duration of each statement of the open transaction (see `QueryObserver`). */
type Observer = (durationMs: number) => void
type PipelinedClient = PoolClient & { [pending]?: string; [observer]?: Observer }
const ENDS_TRANSACTION = /^\s*(commit|rollback)\s*;?\s*$/i

/** pg's connection, as far as the extended protocol is written here. */
interface ProtocolWriter {
  parse(config: { text: string }): void
  bind(config: object): void
  execute(config: object): void
}

/** The parts of pg's `Query` it does not declare in its types. */
interface QueryInternals {
  requiresPreparation(): boolean
  prepare(connection: ProtocolWriter): void
  handleDataRow(message: unknown): void
  handleCommandComplete(message: unknown, connection: unknown): void
}
type Callback = (error: Error | undefined, result: QueryResult) => void
const BaseQuery = pg.Query as unknown as new (
  text: string,
  values: unknown[] | undefined,
  callback: Callback,
) => QueryInternals

/**
 * A query sent after `BEGIN` and the settings in one write and one Sync (PostgreSQL's extended
 * protocol runs the messages in order and answers them together): the transaction opens in the
 * round trip of its first statement. The answers to `BEGIN` and `set_config` are passed over;
 * an error in either fails this query, which the caller rolls back.
 */
class QueryAfterBegin extends BaseQuery {
  /** Command completions of the statements sent first, still to be passed over. */
  #skip: number

  constructor(
    private readonly settings: string,
    text: string,
    values: unknown[] | undefined,
    callback: Callback,
  ) {
    super(text, values, callback)
    this.#skip = settings ? 2 : 1
  }

  // Always the extended protocol: a simple query cannot share a Sync with other statements.
  override requiresPreparation(): boolean {
    return true
  }

  override prepare(connection: ProtocolWriter): void {
    connection.parse({ text: 'begin' })
    connection.bind({})
    connection.execute({})
    if (this.settings) {
      connection.parse({ text: this.settings })
      connection.bind({})
      connection.execute({})
    }
    super.prepare(connection)
  }

  override handleDataRow(message: unknown): void {
    if (this.#skip === 0) super.handleDataRow(message)
  }

  override handleCommandComplete(message: unknown, connection: unknown): void {
    if (this.#skip > 0) this.#skip--
    else super.handleCommandComplete(message, connection)
  }
}

/**
 * Lets a pooled client defer `BEGIN`: a {@link PIPELINED_BEGIN} query is answered at once and
 * noted, and the client's next query carries it. Its optional second parameter is an observer
 * told the duration of each statement until COMMIT or ROLLBACK, both included (a statement that
 * fails is not told). Applied once per client.
 */
export function pipelineBegin(client: PoolClient): PoolClient {
  const target = client as PipelinedClient
  if ((target as { [pipelined]?: true })[pipelined]) return client
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<QueryResult>
  const send = (text: unknown, values?: unknown[]): Promise<QueryResult> => {
    const settings = target[pending]
    if (settings === undefined || typeof text !== 'string') return query(text, values)
    target[pending] = undefined
    return new Promise<QueryResult>((resolve, reject) => {
      query(
        new QueryAfterBegin(settings, text, values, (error, result) =>
          error ? reject(error) : resolve(result),
        ),
      )
    })
  }
  const patched = (text: unknown, values?: unknown[]) => {
    if (text === PIPELINED_BEGIN) {
      target[pending] = String(values?.[0] ?? '')
      const watch = values?.[1]
      target[observer] = typeof watch === 'function' ? (watch as Observer) : undefined
      return Promise.resolve({ command: 'BEGIN', rowCount: null, rows: [], fields: [], oid: 0 })
    }
    const watch = target[observer]
    if (!watch) return send(text, values)
    // The transaction's last statement: the client goes back to the pool unobserved.
    if (typeof text === 'string' && ENDS_TRANSACTION.test(text)) target[observer] = undefined
    const started = performance.now()
    return send(text, values).then((result) => {
      watch(performance.now() - started)
      return result
    })
  }
  Object.assign(target, { query: patched, [pipelined]: true })
  return client
}

const pipelined = Symbol('stratum.pipelined')

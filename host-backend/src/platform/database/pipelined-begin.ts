import pg, { type PoolClient, type QueryResult } from 'pg'

/**
 * What `runWithSettings` sends instead of `BEGIN` on PostgreSQL: no statement, a note on the
 * connection (its parameters: see {@link pipelineBegin}).
 */
export const PIPELINED_BEGIN = '/* stratum: begin with the next statement */'

/**
 * The third parameter of a {@link PIPELINED_BEGIN} that asks for no transaction block: each
 * statement runs with the settings in its own implicit transaction, in one round trip.
 */
export const EACH_STATEMENT = 'each-statement'

const pending = Symbol('stratum.pendingBegin')
const observer = Symbol('stratum.transactionObserver')
/** The settings statement sent before every statement, while no transaction block is open. */
const eachStatement = Symbol('stratum.eachStatement')
/** Told the duration of each statement of the open transaction (see `QueryObserver`). */
type Observer = (durationMs: number) => void
type PipelinedClient = PoolClient & {
  [pending]?: Statement | null
  [observer]?: Observer
  [eachStatement]?: Statement | null
}

/** A statement sent before another in its write: `begin`, or the settings with their values. */
export interface Statement {
  text: string
  values?: readonly unknown[] | undefined
}

/** A statement sent first, as the write carries it: named (and parsed once) when kept prepared. */
interface SentFirst extends Statement {
  name?: string | undefined
  /** Whether this write parses it: a name already parsed on the connection is only bound. */
  parse: boolean
}
const ENDS_TRANSACTION = /^\s*(commit|rollback)\s*;?\s*$/i
const BEGIN: Statement = { text: 'begin' }
const OPENS_TRANSACTION = /^\s*(begin|start\s+transaction)\b/i

/** pg's connection, as far as the extended protocol is written here. */
interface ProtocolWriter {
  parse(config: { text: string; name?: string | undefined }): void
  bind(config: { statement?: string | undefined; values?: readonly unknown[] | undefined }): void
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
  config: QueryConfig,
  values: undefined,
  callback: Callback,
) => QueryInternals

/** A statement as pg takes it: named when it is kept prepared on the connection. */
interface QueryConfig {
  text: string
  values?: unknown[] | undefined
  name?: string | undefined
}

/**
 * A query sent after other statements in one write and one Sync (PostgreSQL's extended protocol
 * runs the messages in order and answers them together): `BEGIN` and the settings, so the
 * transaction opens in the round trip of its first statement, or only the settings, so the query
 * runs with them in an implicit transaction that ends at the Sync. The answers to the statements
 * sent first are passed over; an error in one fails this query.
 */
class QueryAfter extends BaseQuery {
  /** Command completions of the statements sent first, still to be passed over. */
  #skip: number

  constructor(
    private readonly before: readonly SentFirst[],
    config: QueryConfig,
    callback: Callback,
  ) {
    super(config, undefined, callback)
    this.#skip = before.length
  }

  // Always the extended protocol: a simple query cannot share a Sync with other statements.
  override requiresPreparation(): boolean {
    return true
  }

  override prepare(connection: ProtocolWriter): void {
    for (const { text, values, name, parse } of this.before) {
      if (parse) connection.parse({ text, name })
      connection.bind({ statement: name, values })
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

  /** Whether a statement sent first had not completed when this failed (its parse may not have happened). */
  get failedFirst(): boolean {
    return this.#skip > 0
  }
}

/**
 * Lets a pooled client defer `BEGIN`: a {@link PIPELINED_BEGIN} query is answered at once and
 * noted, and the client's next query carries it. Its parameters are the settings statement
 * (`{ text, values }`, kept prepared like any statement with parameters; none when there is
 * nothing to set), an optional observer told the duration of each statement until COMMIT or ROLLBACK, both
 * included (a statement that fails is not told), and an optional {@link EACH_STATEMENT}: then no
 * `BEGIN` is sent at all, each statement runs with the settings in an implicit transaction of its
 * own, and COMMIT or ROLLBACK ends the mode without a round trip. A transaction that sent no
 * statement ends without one too. Applied once per client.
 */
export function pipelineBegin(client: PoolClient, preparedStatements = 0): PoolClient {
  const target = client as PipelinedClient
  if ((target as { [pipelined]?: true })[pipelined]) return client
  const query = client.query.bind(client) as (...args: unknown[]) => Promise<QueryResult>
  const statements = new StatementNames(preparedStatements)
  /** Inside a transaction that has run a statement: a failure there cannot be retried. */
  let midTransaction = false
  /** Names of statements sent first (the settings) that this connection has parsed. */
  const parsedFirst = new Set<string>()
  /** Statements sent before `config` in its write: `BEGIN` and the settings, or the settings. */
  const run = (before: readonly SentFirst[], config: QueryConfig): Promise<QueryResult> =>
    before.length === 0
      ? query(config)
      : new Promise<QueryResult>((resolve, reject) => {
          const sent: QueryAfter = new QueryAfter(before, config, (error, result) => {
            if (!error) return resolve(result)
            if (sent.failedFirst) forgetFirst(before)
            reject(error)
          })
          query(sent)
        })
  // Not async: a submittable (a COPY stream) must come back as itself, not in a promise.
  const send = (text: unknown, values?: unknown[]): Promise<QueryResult> => {
    if (typeof text === 'string') return sendText(text, values)
    if (target[eachStatement] !== undefined)
      return Promise.reject(
        new Error('A statement-by-statement transaction sends SQL text only, not a submittable.'),
      )
    return query(text, values)
  }
  const sendText = async (text: string, values?: unknown[]): Promise<QueryResult> => {
    const ends = ENDS_TRANSACTION.test(text)
    const each = target[eachStatement]
    if (each !== undefined) {
      // Nothing is open between statements: the end of the mode is the end of the transaction.
      if (ends) {
        target[eachStatement] = undefined
        return ended(text)
      }
      // A block opened here would outlive the COMMIT that sends nothing, settings and all.
      if (OPENS_TRANSACTION.test(text))
        throw new Error('A statement-by-statement transaction cannot open a transaction block.')
      return runNamed(each ? [each] : [], text, values, true)
    }
    const settings = target[pending]
    target[pending] = undefined
    // No statement ran: there is no transaction on the server to end.
    if (settings !== undefined && ends) return ended(text)
    const retriable = !midTransaction
    if (settings !== undefined || OPENS_TRANSACTION.test(text)) midTransaction = true
    if (ends) midTransaction = false
    const before = settings === undefined ? [] : settings ? [BEGIN, settings] : [BEGIN]
    return runNamed(before, text, values, retriable)
  }
  /**
   * The statements sent first, named when kept prepared. A name is taken as parsed from here on;
   * if one of them fails, `forgetFirst` drops their names, since a parse may not have happened.
   * A failure of the statement after them leaves them parsed.
   */
  const sentFirst = (before: readonly Statement[]): SentFirst[] =>
    before.map((statement) => {
      // Named before the statement after them, so naming that one evicts older names, never
      // these; with room for one name only, that one is the statement's.
      const name =
        preparedStatements >= 2
          ? nameFor(statement.text, statement.values as unknown[] | undefined)
          : undefined
      const parse = name === undefined || !parsedFirst.has(name)
      if (name !== undefined) parsedFirst.add(name)
      return { ...statement, name, parse }
    })
  const forgetFirst = (sent: readonly SentFirst[]) => {
    for (const { text, name } of sent) {
      if (name === undefined) continue
      statements.forget(text)
      deallocate(name)
    }
  }
  /**
   * Runs `text` after `before`, named when it is kept prepared. A plan gone stale under a
   * migration, on a statement that is alone or first in its transaction (`retriable`): nothing
   * else has run, so it runs again, prepared afresh.
   */
  const runNamed = async (
    before: readonly Statement[],
    text: string,
    values: unknown[] | undefined,
    retriable: boolean,
  ): Promise<QueryResult> => {
    const first = sentFirst(before)
    const name = nameFor(text, values)
    try {
      return await run(first, { text, values, name })
    } catch (error) {
      if (name === undefined) throw error
      const forgotten = statements.forget(text)
      if (forgotten !== undefined) deallocate(forgotten)
      if (!retriable || !isStalePlan(error)) throw error
      // An explicit transaction the failure aborted is rolled back; an implicit one ended at Sync.
      if (before[0] === BEGIN) await query('rollback')
      return run(sentFirst(before), { text, values, name: nameFor(text, values) })
    }
  }
  /** pg's record of the statements it parsed on this connection, kept as bounded as ours. */
  const parsed = (client as unknown as { connection?: { parsedStatements?: object } }).connection
    ?.parsedStatements as Record<string, string> | undefined
  /**
   * Frees a statement on the server. Queued before whatever comes next, outside the pipelined
   * BEGIN; DEALLOCATE is not transactional. A failure (an aborted transaction, a statement that
   * never parsed) leaves at most that one behind until the connection closes.
   */
  const deallocate = (name: string) => {
    if (parsed) delete parsed[name]
    parsedFirst.delete(name)
    query(`deallocate ${name}`).catch(() => undefined)
  }
  const nameFor = (text: string, values: unknown[] | undefined) => {
    const { name, evicted } = statements.nameFor(text, values)
    if (evicted !== undefined) deallocate(evicted)
    return name
  }
  const patched = (text: unknown, values?: unknown[]) => {
    if (text === PIPELINED_BEGIN) {
      const watch = values?.[1]
      target[observer] = typeof watch === 'function' ? (watch as Observer) : undefined
      // Whatever an earlier transaction left noted is overwritten, never carried on.
      const given = values?.[0] as Statement | undefined
      const settings = given?.text ? given : null
      const each = values?.[2] === EACH_STATEMENT
      target[eachStatement] = each ? settings : undefined
      target[pending] = each ? undefined : settings
      return Promise.resolve(answered('BEGIN'))
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

/** A result PostgreSQL was not asked for: the statement needed no round trip. */
const answered = (command: string): QueryResult =>
  ({ command, rowCount: null, rows: [], fields: [], oid: 0 }) as QueryResult
const ended = (text: string) =>
  Promise.resolve(answered(text.trim().split(/\s|;/)[0]!.toUpperCase()))

const pipelined = Symbol('stratum.pipelined')

/** PostgreSQL's refusal of a cached plan whose result columns changed (a table was altered). */
const isStalePlan = (error: unknown): boolean =>
  (error as { code?: unknown })?.code === '0A000' &&
  /cached plan must not change result type/.test(String((error as Error).message))

/**
 * Names of the statements kept prepared on one connection, so PostgreSQL parses and plans a
 * repeated statement once per connection instead of on every request. Only statements with
 * parameters are named: their text is the same whatever the values (Kysely's queries), while
 * statements without (`begin`, `commit`, settings with literals, DDL) stay unnamed. At most
 * `limit` are kept per connection, the most recently used: naming one more evicts the least
 * recently used, which the caller deallocates. A statement that fails is forgotten and gets a new
 * name next time: its parse may not have happened (the first statement of a pipelined
 * transaction), or its cached plan may be stale ("cached plan must not change result type" after
 * a migration changed a table it reads). A stale plan is retried at once when the statement is
 * alone or first in its transaction; later in a transaction, that transaction fails once.
 */
class StatementNames {
  /** Text to name, least recently used first. */
  readonly #names = new Map<string, string>()
  #issued = 0

  constructor(private readonly limit: number) {}

  nameFor(
    text: string,
    values: unknown[] | undefined,
  ): { name?: string | undefined; evicted?: string | undefined } {
    if (this.limit === 0 || !values || values.length === 0) return {}
    const known = this.#names.get(text)
    if (known !== undefined) {
      this.#names.delete(text)
      this.#names.set(text, known)
      return { name: known }
    }
    let evicted: string | undefined
    if (this.#names.size >= this.limit) {
      const [oldest, oldName] = this.#names.entries().next().value as [string, string]
      this.#names.delete(oldest)
      evicted = oldName
    }
    const name = `stratum_${++this.#issued}`
    this.#names.set(text, name)
    return { name, evicted }
  }

  /** Drops `text`'s name; returns it. */
  forget(text: string): string | undefined {
    const name = this.#names.get(text)
    this.#names.delete(text)
    return name
  }
}

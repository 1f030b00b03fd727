import { Readable } from 'node:stream'
import { pipeline } from 'node:stream/promises'
import {
  CopyRows,
  copyText,
  RUNTIME_ROLE,
  type CopyValue,
  type Database,
  type Listening,
  type NotificationHandlers,
  type QueryObserver,
  type TransactionOptions,
} from '@stratum/layer-core/server'
import { CompiledQuery, Kysely, PostgresDialect, sql } from 'kysely'
import { Client, Pool, type PoolClient } from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import type { Logger } from 'winston'
import { withTimeout } from '../timeout.ts'
import { quoteIdent } from './copy-text.ts'
import { listenOnPostgres } from './notification-listener.ts'
import { listenForConnectionErrors } from './pool-error-listeners.ts'
import { EACH_STATEMENT, PIPELINED_BEGIN, pipelineBegin } from './pipelined-begin.ts'
import { runWithSettings, type OpenTransaction } from './transaction-settings.ts'

/** Options of {@link createPostgresDatabase}. */
export interface PostgresDatabaseOptions {
  /** Most connections the pool opens. @default 10 */
  max?: number
  /** Bound on waiting for a connection; pg's own default (0) waits forever. @default 5000 */
  connectionTimeoutMillis?: number
  /** Idle connections are closed after this long. @default 30000 */
  idleTimeoutMillis?: number
  /**
   * URL of a login role that owns nothing, for requests. When unset, requests use `url` and each
   * pooled connection switches to the runtime role with `SET ROLE` as it opens.
   */
  appUrl?: string
  /**
   * Statements kept prepared per pooled connection (parsed and planned once, not per request);
   * 0 turns this off, for a pooler in transaction mode that cannot keep them. @default 100
   */
  preparedStatements?: number
}

/**
 * `BEGIN` and the settings travel with the transaction's first statement, in its write and its
 * round trip (`pipelined-begin.ts`): a request that reads once costs two round trips, that
 * statement and COMMIT. A read-only one sends no `BEGIN`: the settings travel with every
 * statement, each in an implicit transaction, and a request that reads once costs one.
 */
const openWithNextStatement: OpenTransaction = async (conn, settings, observe, options) => {
  // The observer rides along to the pooled client, which times the transaction's statements
  // (no Kysely plugin, no instance per request): see `pipelineBegin`.
  await conn.executeQuery(
    CompiledQuery.raw(PIPELINED_BEGIN, [
      settings.text ? { text: settings.text, values: settings.values } : undefined,
      observe,
      options?.readOnly ? EACH_STATEMENT : undefined,
    ]),
  )
  return observe !== undefined
}

/**
 * Session advisory lock held while layers migrate: the ASCII bytes of "stratum". Distinct from
 * the lock Kysely's migrator takes per migration table.
 */
export const MIGRATION_LOCK_ID = 0x7374726174756dn

/** PostgreSQL through a `pg` pool; chosen when `DATABASE_URL` is set. */
export class PostgresDatabase implements Database {
  readonly kind = 'postgres'
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>
  /** The underlying pool, exposed for diagnostics and tests. */
  readonly pool: Pool
  readonly #connectionTimeoutMillis: number
  #queryListener: ((durationMs: number) => void) | undefined
  readonly #switchRole: boolean
  readonly #appUrl: string | undefined
  /** Open {@link listen} subscriptions, closed with the database. */
  readonly #listening = new Set<Listening>()
  /** Pooled clients switched to the runtime role by {@link copyRows}, and their staging tables. */
  readonly #copyStages = new WeakMap<PoolClient, Map<string, string>>()

  constructor(
    private readonly url: string,
    private readonly logger: Logger,
    options: PostgresDatabaseOptions = {},
  ) {
    this.#connectionTimeoutMillis = options.connectionTimeoutMillis ?? 5000
    this.pool = new Pool({
      connectionString: options.appUrl ?? url,
      max: options.max ?? 10,
      connectionTimeoutMillis: this.#connectionTimeoutMillis,
      idleTimeoutMillis: options.idleTimeoutMillis ?? 30_000,
    })
    // Unhandled, a lost connection (idle or checked out) would crash the process; the request on it
    // fails (503) and the pool opens a new one on the next checkout.
    listenForConnectionErrors(this.pool, this.logger)
    const switchRole = options.appUrl === undefined
    this.#appUrl = options.appUrl
    this.#switchRole = switchRole
    this.db = new Kysely({
      log: (event) => this.#queryListener?.(event.queryDurationMillis),
      dialect: new PostgresDialect({
        // Every client can defer BEGIN to its next query (see withSettings).
        pool: {
          connect: async () =>
            pipelineBegin(await this.pool.connect(), options.preparedStatements ?? 100),
          end: () => this.pool.end(),
        },
        // Requests never run as the table owner: the owner bypasses row-level security.
        onCreateConnection: switchRole
          ? (conn) =>
              conn.executeQuery(CompiledQuery.raw(`set role ${RUNTIME_ROLE}`)).then(() => undefined)
          : undefined,
      }),
    })
  }

  async ping(timeoutMs = 1000): Promise<void> {
    await withTimeout(sql`select 1`.execute(this.db), timeoutMs, () => {
      return new Error(`PostgreSQL did not answer within ${timeoutMs} ms.`)
    })
  }

  /**
   * Holds the lock on a dedicated connection, not a pooled one: a session lock must be released on
   * the session that took it, and waiting for it must not starve the pool.
   */
  async withSettings<T>(
    settings: Readonly<Record<string, string>>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fn: (trx: Kysely<any>) => Promise<T>,
    observe?: QueryObserver,
    options?: TransactionOptions,
  ): Promise<T> {
    return runWithSettings(this.db, settings, openWithNextStatement, fn, observe, options)
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  async withMigrationLock<T>(fn: (owner: Kysely<any>) => Promise<T>): Promise<T> {
    const client = new Client({
      connectionString: this.url,
      connectionTimeoutMillis: this.#connectionTimeoutMillis,
    })
    client.on('error', (error) => this.logger.error(`Migration lock connection lost: ${error}`))
    await client.connect()
    const lockId = MIGRATION_LOCK_ID.toString()
    try {
      await client.query('select pg_advisory_lock($1)', [lockId])
      // Migrations run as the owner, on a pool of their own that lives only as long as the lock.
      const ownerPool = new Pool({
        connectionString: this.url,
        max: 2,
        connectionTimeoutMillis: this.#connectionTimeoutMillis,
      })
      listenForConnectionErrors(ownerPool, this.logger, 'Migration')
      const owner = new Kysely<unknown>({ dialect: new PostgresDialect({ pool: ownerPool }) })
      try {
        return await fn(owner)
      } finally {
        await owner.destroy()
        await client.query('select pg_advisory_unlock($1)', [lockId]).catch((error: unknown) => {
          // Ending the session below releases the lock anyway.
          this.logger.warn('Could not release the migration lock explicitly', { error })
        })
      }
    } finally {
      await client.end().catch(() => undefined)
    }
  }

  observeQueries(listener: ((durationMs: number) => void) | undefined): void {
    this.#queryListener = listener
  }

  /**
   * `COPY … FROM STDIN` on a pooled connection, as the runtime role (switched once per connection,
   * as Kysely's connections are). PostgreSQL refuses COPY into a table under row-level security,
   * so the rows go into a temporary table of the session (made once per connection, never shared)
   * and on with `INSERT … SELECT`, which the table's policies check as any insert; `TRUNCATE`
   * empties the stage without leaving dead rows. Three round trips a batch, no transaction block:
   * each costs a turn of a busy event loop. A connection whose COPY or insert failed is discarded,
   * with its temporary table (and whatever a failed insert left in it).
   */
  async copyRows(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly CopyValue[])[] | CopyRows,
  ): Promise<void> {
    if (rows.length === 0) return
    const body = rows instanceof CopyRows ? rows.chunks() : [copyText(rows)]
    const list = columns.map(quoteIdent).join(', ')
    const client = await this.pool.connect()
    try {
      let stages = this.#copyStages.get(client)
      if (!stages) {
        if (this.#switchRole) await client.query(`set role ${RUNTIME_ROLE}`)
        stages = new Map()
        this.#copyStages.set(client, stages)
      }
      const key = `${table}(${columns.join(',')})`
      let stage = stages.get(key)
      if (!stage) {
        stage = quoteIdent(`stratum_copy_${stages.size}_${table}`.slice(0, 63))
        await client.query(
          `create temporary table ${stage} as select ${list} from ${quoteIdent(table)} with no data`,
        )
        stages.set(key, stage)
      }
      // Queued together: pg sends the insert as soon as the COPY completes.
      const steps = await Promise.allSettled([
        pipeline(Readable.from(body), client.query(copyFrom(`copy ${stage} (${list}) from stdin`))),
        client.query(
          `insert into ${quoteIdent(table)} (${list}) select ${list} from ${stage}; truncate ${stage}`,
        ),
      ])
      const failed = steps.find((step) => step.status === 'rejected')
      if (failed) throw failed.reason
    } catch (error) {
      client.release(error instanceof Error ? error : new Error(String(error)))
      throw error
    }
    client.release()
  }

  /** On a connection of its own (as the runtime role's login when there is one), never pooled. */
  async listen(channel: string, handlers: NotificationHandlers): Promise<Listening> {
    const listening = await listenOnPostgres(
      this.#appUrl ?? this.url,
      channel,
      handlers,
      this.logger,
      this.#connectionTimeoutMillis,
    )
    this.#listening.add(listening)
    return {
      close: async () => {
        this.#listening.delete(listening)
        await listening.close()
      },
    }
  }

  async close(): Promise<void> {
    await Promise.all([...this.#listening].map((listening) => listening.close()))
    this.#listening.clear()
    await this.db.destroy()
  }
}

/** Creates a {@link PostgresDatabase}. Connections open lazily, on the first query. */
export function createPostgresDatabase(
  url: string,
  logger: Logger,
  options: PostgresDatabaseOptions = {},
): PostgresDatabase {
  return new PostgresDatabase(url, logger, options)
}

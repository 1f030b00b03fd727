import type { Kysely } from 'kysely'
import type { QueryObserver } from '../extensions/request-queries.ts'
import type { CopyRows } from './copy-rows.ts'

/** The role requests run as: owns no table, no superuser, no BYPASSRLS, so row-level security holds. */
export const RUNTIME_ROLE = 'stratum_app'

/** One value of a row handed to {@link Database.copyRows}. */
export type CopyValue = string | number | boolean | Date | null

/** How {@link Database.withSettings} runs its transaction. */
export interface TransactionOptions {
  /**
   * The transaction only reads, and PostgreSQL refuses any write in it (`transaction_read_only`),
   * `SELECT … FOR UPDATE` included. On PostgreSQL there is then no `BEGIN` and no `COMMIT`: each
   * statement runs in an implicit transaction of its own with the settings set first, in one round
   * trip, so a read that needs one statement costs one. As under READ COMMITTED (the default),
   * each statement sees the data committed when it starts. On PGlite: one read-only transaction.
   * @default false
   */
  readOnly?: boolean | undefined
}

/** What {@link Database.listen} reports, each call in order. */
export interface NotificationHandlers {
  /** The payload of one `NOTIFY` (`pg_notify(channel, payload)`), once its transaction committed. */
  message(payload: string): void
  /**
   * The listening connection dropped: notifications sent from now until {@link resumed} are
   * missed. A listener that keeps state by them must stop trusting it here.
   */
  lost(error: Error): void
  /** Listening again after {@link lost}; what was sent in between is gone. */
  resumed(): void
}

/** A {@link Database.listen} subscription. */
export interface Listening {
  /** Stops listening (and reconnecting); resolves once the connection is closed. */
  close(): Promise<void>
}

/** The database the host hands to layers: PostgreSQL over `pg`, or embedded PGlite. */
export interface Database {
  readonly kind: 'postgres' | 'pglite'
  /**
   * Runtime handle: every query runs as {@link RUNTIME_ROLE}, so row-level security applies.
   * Each layer brings its own table types; the platform handle is untyped on purpose.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>
  /** Resolves when a trivial query succeeds within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>
  /**
   * Runs `fn` with an owner connection (migrations), while holding a database-wide lock, so two
   * processes starting together migrate once.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  withMigrationLock<T>(fn: (owner: Kysely<any>) => Promise<T>): Promise<T>
  /**
   * Runs `fn` in one transaction whose transaction-local settings (`set_config(k, v, true)`) are set
   * first. On PostgreSQL `BEGIN` and the settings travel with the first statement `fn` sends, in
   * its round trip (a one-read request costs two: that read and COMMIT); on PGlite they are one
   * call. Nothing leaks to the next user of the pooled connection. `observe` is told the duration
   * of each of its statements, transaction control included (request events count them). A
   * transaction that sends no statement costs no round trip. See {@link TransactionOptions} for
   * `readOnly`.
   */
  withSettings<T>(
    settings: Readonly<Record<string, string>>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fn: (trx: Kysely<any>) => Promise<T>,
    observe?: QueryObserver,
    options?: TransactionOptions,
  ): Promise<T>
  /**
   * Calls `listener` with the duration of every statement sent through `db` or `withSettings`
   * (transaction control included), failed ones too. One listener at a time, for process-wide
   * figures; a request's own statements are counted with `withSettings`' `observe` instead.
   */
  observeQueries(listener: ((durationMs: number) => void) | undefined): void
  /**
   * Bulk-loads `rows` into `table` with one `COPY … FROM STDIN` as {@link RUNTIME_ROLE} (so
   * row-level security and grants hold), outside any request transaction. Values are text, numbers,
   * booleans, Dates or null, in the order of `columns`, or already encoded in a {@link CopyRows}
   * (a queue that fills over time encodes each row as it comes). PostgreSQL only: absent on PGlite,
   * where callers insert instead. Not reported to the query listener.
   */
  copyRows?(
    table: string,
    columns: readonly string[],
    rows: readonly (readonly CopyValue[])[] | CopyRows,
  ): Promise<void>
  /**
   * Hears every `NOTIFY` on `channel` (a lower-case SQL identifier) committed by any session once
   * the returned promise resolves: in commit order, never one of a transaction that rolled back.
   * On PostgreSQL a connection of its own does `LISTEN`; when it drops, `lost` is called, it is
   * opened again with growing pauses (up to 5 s), and `resumed` follows once it listens again. It
   * never throws into the process. On PGlite, the one session hears its own notifications after
   * each commit. `close()` (or closing the database) ends it.
   */
  listen(channel: string, handlers: NotificationHandlers): Promise<Listening>
  close(): Promise<void>
}

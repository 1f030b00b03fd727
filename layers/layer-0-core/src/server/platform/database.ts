import type { Kysely } from 'kysely'

/** The role requests run as: owns no table, no superuser, no BYPASSRLS, so row-level security holds. */
export const RUNTIME_ROLE = 'stratum_app'

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
   * first; on PostgreSQL `BEGIN` and the settings travel in one round trip. Nothing leaks to the
   * next user of the pooled connection.
   */
  withSettings<T>(
    settings: Readonly<Record<string, string>>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fn: (trx: Kysely<any>) => Promise<T>,
  ): Promise<T>
  /**
   * Calls `listener` with the duration of every statement sent through `db` or `withSettings`
   * (transaction control included), failed ones too. One listener at a time; the host sets it
   * when a `core.requestEvents` listener wants per-request query counts.
   */
  observeQueries(listener: ((durationMs: number) => void) | undefined): void
  close(): Promise<void>
}

import type { Kysely } from 'kysely'

/** The database the host hands to layers: PostgreSQL over `pg`, or embedded PGlite. */
export interface Database {
  readonly kind: 'postgres' | 'pglite'
  // Each layer brings its own table types; the platform handle is untyped on purpose.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>
  /** Resolves when a trivial query succeeds within `timeoutMs`. */
  ping(timeoutMs?: number): Promise<void>
  /**
   * Runs `fn` while holding a database-wide lock, so two processes starting together migrate once.
   */
  withMigrationLock<T>(fn: () => Promise<T>): Promise<T>
  close(): Promise<void>
}

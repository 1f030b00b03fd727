import { existsSync } from 'node:fs'
import { mkdir } from 'node:fs/promises'
import { join } from 'node:path'
import { PGlite } from '@electric-sql/pglite'
import {
  RUNTIME_ROLE,
  type Database,
  type Listening,
  type NotificationHandlers,
  type QueryObserver,
  type TransactionOptions,
} from '@stratum/layer-core/server'
import { Kysely, sql } from 'kysely'
import { PGliteDialect } from 'kysely-pglite-dialect'
import type { Logger } from 'winston'
import { withTimeout } from '../timeout.ts'
import { checkChannel } from './notification-listener.ts'
import { runWithSettings, type OpenTransaction } from './transaction-settings.ts'

/** Options of {@link createPgliteDatabase}. */
export interface PgliteDatabaseOptions {
  /** Folder that holds the database; in memory when unset. */
  dataDir?: string
  /** A dump from {@link PgliteDatabase.dumpDataDir} to start from instead of running initdb. */
  loadDataDir?: Blob
}

/** Embedded PostgreSQL (PGlite, in WASM); the default when `DATABASE_URL` is unset. */
export class PgliteDatabase implements Database {
  readonly kind = 'pglite'
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly db: Kysely<any>
  // One process owns a PGlite folder, so an in-process queue is the whole lock; it still matters
  // when two callers in that process migrate at once.
  #lockTail: Promise<unknown> = Promise.resolve()
  #queryListener: ((durationMs: number) => void) | undefined

  constructor(readonly pglite: PGlite) {
    this.db = new Kysely({
      dialect: new PGliteDialect(pglite),
      log: (event) => this.#queryListener?.(event.queryDurationMillis),
    })
  }

  async ping(timeoutMs = 1000): Promise<void> {
    await withTimeout(sql`select 1`.execute(this.db), timeoutMs, () => {
      return new Error(`PGlite did not answer within ${timeoutMs} ms.`)
    })
  }

  async withSettings<T>(
    settings: Readonly<Record<string, string>>,
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    fn: (trx: Kysely<any>) => Promise<T>,
    observe?: QueryObserver,
    options?: TransactionOptions,
  ): Promise<T> {
    return runWithSettings(this.db, settings, this.#open, fn, observe, options)
  }

  /**
   * Kysely's PGlite driver speaks the extended protocol, one statement per call; `exec` takes
   * `BEGIN` and the settings in one call. It runs while `runWithSettings` holds the driver's only
   * connection, so nothing else can come between. Reported to the query listener as one statement,
   * as on PostgreSQL.
   */
  readonly #open: OpenTransaction = async (_conn, settings) => {
    const started = performance.now()
    try {
      await this.pglite.exec(settings.text ? `begin; ${settings.inline()}` : 'begin')
    } finally {
      this.#queryListener?.(performance.now() - started)
    }
  }

  /**
   * PGlite is one session running as a superuser: migrations run with the role reset, and every
   * query afterwards runs as the runtime role, so row-level security holds here too.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  withMigrationLock<T>(fn: (owner: Kysely<any>) => Promise<T>): Promise<T> {
    const migrate = async () => {
      await sql`reset role`.execute(this.db)
      try {
        return await fn(this.db)
      } finally {
        await this.useRuntimeRole()
      }
    }
    const run = this.#lockTail.then(migrate, migrate)
    this.#lockTail = run.catch(() => undefined)
    return run
  }

  /** Switches the session to the runtime role once it exists (a fresh database has none yet). */
  async useRuntimeRole(): Promise<void> {
    const { rows } = await sql<{
      exists: boolean
    }>`select exists (select 1 from pg_roles where rolname = ${RUNTIME_ROLE}) as exists`.execute(
      this.db,
    )
    if (rows[0]?.exists) await sql.raw(`set role ${RUNTIME_ROLE}`).execute(this.db)
  }

  /** The whole data folder as an uncompressed tarball, for `loadDataDir`. */
  async dumpDataDir(): Promise<Blob> {
    return this.pglite.dumpDataDir('none')
  }

  observeQueries(listener: ((durationMs: number) => void) | undefined): void {
    this.#queryListener = listener
  }

  /** The one session listens: it hears what it commits itself, and never loses the connection. */
  async listen(channel: string, handlers: NotificationHandlers): Promise<Listening> {
    checkChannel(channel)
    const unlisten = await this.pglite.listen(channel, (payload) => handlers.message(payload))
    return { close: () => unlisten() }
  }

  async close(): Promise<void> {
    // The dialect closes the PGlite instance when Kysely is destroyed.
    await this.db.destroy()
  }
}

/**
 * Starts PGlite: in memory when `dataDirOrOptions` is undefined, persisted in the given folder
 * otherwise. A new folder runs initdb, which takes several seconds; `loadDataDir` skips it.
 */
export async function createPgliteDatabase(
  dataDirOrOptions: string | PgliteDatabaseOptions | undefined,
  logger: Logger,
): Promise<PgliteDatabase> {
  const options =
    typeof dataDirOrOptions === 'string' ? { dataDir: dataDirOrOptions } : (dataDirOrOptions ?? {})
  const { dataDir, loadDataDir } = options
  const fresh = !dataDir || !existsSync(join(dataDir, 'PG_VERSION'))
  if (dataDir) {
    await mkdir(dataDir, { recursive: true })
    if (fresh && !loadDataDir) logger.info(`PGlite: creating a new database in ${dataDir}`)
  }
  const started = performance.now()
  const pglite = await PGlite.create({ dataDir, loadDataDir })
  logger.debug('PGlite started', { ms: Math.round(performance.now() - started), dataDir })
  const database = new PgliteDatabase(pglite)
  await database.useRuntimeRole()
  return database
}

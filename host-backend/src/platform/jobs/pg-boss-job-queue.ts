import type { PGlite } from '@electric-sql/pglite'
import {
  RUNTIME_ROLE,
  type Database,
  type EnqueueOptions,
  type FailedJob,
  type JobDefinition,
  type JobName,
  type JobQueue,
  type StratumJobs,
} from '@stratum/layer-core/server'
import { sql } from 'kysely'
import PgBoss from 'pg-boss'
import type { Logger } from 'winston'
import { arrayLiteral, bossExecutor } from './boss-executor.ts'

/** pg-boss's tables live in this schema, beside the layers' tables. */
export const JOBS_SCHEMA = 'pgboss'
/** The queue pg-boss's cron uses to hand scheduled jobs over; created with the others. */
const CRON_QUEUE = '__pgboss__send-it'
const JOB_NAME = /^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/

const RETRY_DEFAULTS = { limit: 5, delaySeconds: 5, backoff: true } as const

/** Options of {@link PgBossJobQueue}. */
export interface PgBossJobQueueOptions {
  /** How often an idle worker looks for due jobs (pg-boss allows 500 and more). @default 1000 */
  pollIntervalMs?: number
  /** Run the workers and the cron here; `false` only enqueues (a migration process). @default true */
  work?: boolean
}

/**
 * Durable jobs on pg-boss, on the platform's database: PostgreSQL through its pool, or PGlite
 * through its one connection. The schema is installed (and the queues created) under the
 * migration lock by the owner; the workers then run as the runtime role like requests do.
 */
export class PgBossJobQueue implements JobQueue {
  readonly #definitions = new Map<string, JobDefinition>()
  readonly #boss: PgBoss
  readonly #pollIntervalMs: number
  readonly #work: boolean
  readonly #pglite: PGlite | undefined
  readonly #workerIds: string[] = []
  #started = false

  constructor(
    private readonly database: Database,
    private readonly logger: Logger,
    options: PgBossJobQueueOptions = {},
  ) {
    this.#pollIntervalMs = Math.max(options.pollIntervalMs ?? 1000, 500)
    this.#work = options.work ?? true
    this.#pglite = pgliteOf(database)
    this.#boss = new PgBoss({
      db: bossExecutor(database.db, this.#pglite),
      schema: JOBS_SCHEMA,
      migrate: false,
      supervise: this.#work,
      schedule: this.#work,
      pollingIntervalSeconds: this.#pollIntervalMs / 1000,
      // Maintenance (once across replicas) also fails timed-out tries, so they are retried soon.
      maintenanceIntervalSeconds: 30,
    })
    this.#boss.on('error', (error) =>
      this.logger.error('job queue error', { error: String(error) }),
    )
  }

  define<K extends JobName>(definition: JobDefinition<K>): void {
    if (this.#started) throw new Error(`Job type '${definition.name}' was defined after start.`)
    if (!JOB_NAME.test(definition.name)) {
      throw new Error(`Job type '${definition.name}' must be named '<layer-id>.<name>'.`)
    }
    if (this.#definitions.has(definition.name)) {
      throw new Error(`Job type '${definition.name}' is defined twice.`)
    }
    this.#definitions.set(definition.name, definition as unknown as JobDefinition)
  }

  async enqueue<K extends JobName>(
    name: K,
    payload: StratumJobs[K],
    options: EnqueueOptions = {},
  ): Promise<string> {
    const definition = this.#definitions.get(name)
    if (!definition) throw new Error(`No enabled layer defines the job type '${name}'.`)
    const data = definition.payload.parse(payload) as object
    const retry = { ...RETRY_DEFAULTS, ...definition.retry }
    const id = await this.#boss.send(name, data, {
      retryLimit: retry.limit,
      retryDelay: retry.delaySeconds,
      retryBackoff: retry.backoff,
      ...(definition.timeoutSeconds ? { expireInSeconds: definition.timeoutSeconds } : {}),
      ...(options.startAfterSeconds ? { startAfter: options.startAfterSeconds } : {}),
      ...(options.trx ? { db: bossExecutor(options.trx, undefined) } : {}),
    })
    if (!id) throw new Error(`Job '${name}' was not queued.`)
    if (!options.trx && this.#started) this.#wake()
    return id
  }

  /** Installs the schema and the queues (owner, under the migration lock), then starts working. */
  async start(): Promise<void> {
    if (this.#started) return
    const started = performance.now()
    await this.database.withMigrationLock(async (owner) => {
      const installer = new PgBoss({
        db: bossExecutor(owner, this.#pglite),
        schema: JOBS_SCHEMA,
        migrate: true,
        supervise: false,
        schedule: false,
      })
      installer.on('error', (error) =>
        this.logger.error('job install error', { error: String(error) }),
      )
      await installer.start()
      for (const name of [CRON_QUEUE, ...this.#definitions.keys()]) {
        // Creating a queue adds a partition (DDL), which the runtime role may not do.
        if (!(await installer.getQueue(name))) await installer.createQueue(name)
      }
      await installer.stop({ graceful: false, close: false, wait: true })
      await sql.raw(`grant usage on schema ${JOBS_SCHEMA} to ${RUNTIME_ROLE}`).execute(owner)
      await sql
        .raw(
          `grant select, insert, update, delete on all tables in schema ${JOBS_SCHEMA} to ${RUNTIME_ROLE}`,
        )
        .execute(owner)
    })
    const installedMs = Math.round(performance.now() - started)
    this.#started = true
    await this.#boss.start()
    if (!this.#work) return
    for (const definition of this.#definitions.values()) {
      const id = await this.#boss.work(
        definition.name,
        {
          pollingIntervalSeconds: this.#pollIntervalMs / 1000,
          batchSize: 1,
          includeMetadata: true,
        },
        async ([job]) => {
          if (job) await this.#run(definition, job)
        },
      )
      this.#workerIds.push(id)
      if (definition.schedule) {
        await this.#boss.schedule(
          definition.name,
          definition.schedule.cron,
          definition.payload.parse(definition.schedule.payload) as object,
          { tz: 'UTC' },
        )
      } else {
        await this.#boss.unschedule(definition.name)
      }
    }
    this.logger.debug('job workers started', {
      types: this.#definitions.size,
      installMs: installedMs,
      ms: Math.round(performance.now() - started),
    })
  }

  async #run(definition: JobDefinition, job: PgBoss.JobWithMetadata<unknown>): Promise<void> {
    const info = {
      id: job.id,
      name: job.name,
      retryCount: job.retryCount,
      retryLimit: job.retryLimit,
    }
    try {
      const payload = definition.payload.parse(job.data)
      await definition.handler(payload, info)
    } catch (error) {
      const final = job.retryCount >= job.retryLimit
      // The payload is never logged: it may hold an address or a code.
      const entry = {
        job: job.name,
        jobId: job.id,
        retryCount: job.retryCount,
        error: message(error),
      }
      if (final) this.logger.error('job failed after its last retry', entry)
      else this.logger.warn('job failed; it will be retried', entry)
      throw error
    }
    if (definition.deleteOnSuccess) await this.#boss.deleteJob(job.name, job.id)
  }

  /** Workers poll; this makes them look now. */
  #wake(): void {
    for (const id of this.#workerIds) this.#boss.notifyWorker(id)
  }

  async failed(options: { name?: JobName; limit?: number } = {}): Promise<FailedJob[]> {
    const names = options.name ? [options.name] : [...this.#definitions.keys()]
    if (names.length === 0) return []
    const limit = Math.min(Math.max(options.limit ?? 50, 1), 500)
    const table = (t: string) => sql.raw(`${JOBS_SCHEMA}.${t}`)
    const select = (t: string) => sql`
      select id, name, retry_count, created_on, completed_on, output from ${table(t)}
      where state = 'failed' and name = any(${arrayLiteral(names)}::text[])`
    const { rows } = await sql<{
      id: string
      name: string
      retry_count: number
      created_on: Date
      completed_on: Date | null
      output: { message?: unknown } | null
    }>`${select('job')} union all ${select('archive')}
       order by completed_on desc nulls last limit ${limit}`.execute(this.database.db)
    return rows.map((row) => ({
      id: row.id,
      name: row.name,
      retryCount: row.retry_count,
      createdAt: new Date(row.created_on).toISOString(),
      failedAt: row.completed_on ? new Date(row.completed_on).toISOString() : undefined,
      error: typeof row.output?.message === 'string' ? row.output.message : undefined,
    }))
  }

  async whenIdle(timeoutMs = 30_000): Promise<void> {
    const names = [...this.#definitions.keys()]
    const deadline = Date.now() + timeoutMs
    for (;;) {
      const { rows } = await sql<{ open: number }>`
        select count(*)::int as open from ${sql.raw(`${JOBS_SCHEMA}.job`)}
        where name = any(${arrayLiteral(names)}::text[])
          and state in ('created', 'retry', 'active') and start_after <= now()`.execute(
        this.database.db,
      )
      if ((rows[0]?.open ?? 0) === 0) return
      if (Date.now() > deadline) throw new Error(`Jobs still open after ${timeoutMs} ms.`)
      // Each wake is a fetch per job type; on PGlite they share one connection, so not too often.
      this.#wake()
      await new Promise((resolve) => setTimeout(resolve, 100))
    }
  }

  /** Stops fetching, lets running jobs finish (up to `timeoutMs`), then returns. */
  async stop(timeoutMs = 10_000): Promise<void> {
    if (!this.#started) return
    this.#started = false
    await this.#boss.stop({ graceful: true, close: false, wait: true, timeout: timeoutMs })
  }
}

const message = (error: unknown) => (error instanceof Error ? error.message : String(error))

function pgliteOf(database: Database): PGlite | undefined {
  const candidate = (database as { pglite?: PGlite }).pglite
  return database.kind === 'pglite' ? candidate : undefined
}

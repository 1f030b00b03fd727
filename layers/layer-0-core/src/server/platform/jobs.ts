import type { Kysely } from 'kysely'
import type { z } from 'zod'

/**
 * Job types layers define, keyed `<layer-id>.<name>`: a layer that defines one augments this
 * interface with its payload type, so `jobs.enqueue(name, payload)` is checked everywhere.
 */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface StratumJobs {}

export type JobName = keyof StratumJobs & string

/** Retries of a job whose handler threw. */
export interface JobRetryPolicy {
  /** Tries after the first one. @default 5 */
  limit?: number
  /** Seconds before the first retry. @default 5 */
  delaySeconds?: number
  /** Double the delay at each retry (with jitter). @default true */
  backoff?: boolean
}

/** What a handler learns about the job it runs. */
export interface JobInfo {
  readonly id: string
  readonly name: string
  /** 0 on the first try, 1 on the first retry, … */
  readonly retryCount: number
  readonly retryLimit: number
}

/** One job type: a layer defines it with `ctx.jobs.define(…)` in its `init`. */
export interface JobDefinition<K extends JobName = JobName> {
  readonly name: K
  /** Checked at enqueue and again before the handler runs. */
  readonly payload: z.ZodType<StratumJobs[K]>
  /** Throwing schedules a retry; after the last one the job stays `failed` (see `failed()`). */
  handler(payload: StratumJobs[K], job: JobInfo): Promise<void>
  readonly retry?: JobRetryPolicy
  /**
   * A try still running after this long counts as failed and is retried: how a job whose process
   * died (SIGKILL, a lost node) is picked up by another replica. Keep it well above the handler's
   * own worst case, or a slow try may run twice. @default 900 (15 minutes)
   */
  readonly timeoutSeconds?: number
  /**
   * Runs on a cron schedule (minutes resolution, UTC), once across every replica sharing the
   * database.
   */
  readonly schedule?: { readonly cron: string; readonly payload: StratumJobs[K] }
  /**
   * Deletes the job row as soon as it succeeded, for payloads that carry a secret (a sign-in code)
   * which must not outlive its use. @default false
   */
  readonly deleteOnSuccess?: boolean
}

/** Options of {@link JobQueue.enqueue}. */
export interface EnqueueOptions {
  /**
   * The caller's open transaction: the job exists only if it commits. Without it the job is
   * committed at once.
   */
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  trx?: Kysely<any>
  /** Runs no sooner than this many seconds from now. */
  startAfterSeconds?: number
}

/** A job that ran out of retries, for operators. Its payload is not shown: it may hold secrets. */
export interface FailedJob {
  id: string
  name: string
  retryCount: number
  createdAt: string
  failedAt: string | undefined
  /** The last error's message. */
  error: string | undefined
}

/**
 * Durable background jobs (pg-boss on the platform database, PostgreSQL or PGlite): a job survives
 * restarts, is retried with backoff, and runs once across replicas.
 */
export interface JobQueue {
  /** Registers a job type; only during `init`, before the host starts the workers. */
  define<K extends JobName>(definition: JobDefinition<K>): void
  /** Queues a job; with `trx` it commits or rolls back with the caller's transaction. */
  enqueue<K extends JobName>(
    name: K,
    payload: StratumJobs[K],
    options?: EnqueueOptions,
  ): Promise<string>
  /** Jobs that ran out of retries, newest first. */
  failed(options?: { name?: JobName; limit?: number }): Promise<FailedJob[]>
  /**
   * Resolves once no job of a defined type is due or running (tests await it instead of sleeping).
   * Rejects after `timeoutMs` (@default 30000).
   */
  whenIdle(timeoutMs?: number): Promise<void>
}

/** Identity helper that infers `K` where a job type is written. */
export const defineJob = <K extends JobName>(definition: JobDefinition<K>): JobDefinition<K> =>
  definition

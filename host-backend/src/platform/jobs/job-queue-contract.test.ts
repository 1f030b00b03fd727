import { coreMigrations, type Database, type JobDefinition } from '@stratum/layer-core/server'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { z } from 'zod'
import { captureLogger } from '../../../test/support/logger.ts'
import { pgliteTemplate } from '../../../test/support/pglite-template.ts'
import { createFreshPostgresDatabase } from '../../../test/support/postgres.ts'
import { createPostgresDatabase } from '../database/postgres-database.ts'
import { PgBossJobQueue } from './pg-boss-job-queue.ts'

declare module '@stratum/layer-core/server' {
  interface StratumJobs {
    'test.record': { value: string }
    'test.flaky': { value: string; failures: number }
  }
}

/** One database, and a way to open another handle on it (a new process, for PostgreSQL). */
interface Subject {
  database: Database
  reopen(): Database
  dispose(): Promise<void>
}

const kinds: [string, () => Promise<Subject>][] = [
  [
    'postgres',
    async () => {
      const fresh = await createFreshPostgresDatabase()
      const opened: Database[] = []
      const open = () => {
        const database = createPostgresDatabase(fresh.url, captureLogger().logger)
        opened.push(database)
        return database
      }
      return {
        database: open(),
        reopen: open,
        dispose: async () => {
          for (const database of opened) await database.close()
          await fresh.drop()
        },
      }
    },
  ],
  [
    'pglite',
    async () => {
      // One process owns a PGlite folder: a restart there is a new queue on the same database.
      const database = await pgliteTemplate()
      return { database, reopen: () => database, dispose: () => database.close() }
    },
  ],
]

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

async function until(check: () => boolean, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`not reached within ${timeoutMs} ms`)
    await sleep(25)
  }
}

describe.each(kinds)('job queue on %s', (_kind, create) => {
  let subject: Subject
  const queues: PgBossJobQueue[] = []
  /** Every run of a handler: which queue ran which value, and when. */
  const runs: Array<{ queue: number; value: string; at: number; retryCount: number }> = []

  const newQueue = (database: Database, logger = captureLogger().logger) => {
    const index = queues.length
    const queue = new PgBossJobQueue(database, logger, { pollIntervalMs: 500 })
    queues.push(queue)
    const record: JobDefinition<'test.record'> = {
      name: 'test.record',
      payload: z.object({ value: z.string() }),
      handler: async ({ value }, job) => {
        runs.push({ queue: index, value, at: Date.now(), retryCount: job.retryCount })
      },
      deleteOnSuccess: true,
    }
    queue.define(record)
    queue.define({
      name: 'test.flaky',
      payload: z.object({ value: z.string(), failures: z.number().int() }),
      retry: { limit: 2, delaySeconds: 1, backoff: true },
      handler: async ({ value, failures }, job) => {
        runs.push({ queue: index, value, at: Date.now(), retryCount: job.retryCount })
        if (job.retryCount < failures) throw new Error(`refused ${value} on try ${job.retryCount}`)
      },
    })
    return queue
  }
  const valuesRun = (value: string) => runs.filter((r) => r.value === value)

  beforeAll(async () => {
    subject = await create()
    await subject.database.withMigrationLock((owner) =>
      coreMigrations['20260101000000_runtime_role']!.up(owner),
    )
  })
  afterAll(async () => {
    for (const queue of queues) await queue.stop()
    await subject?.dispose()
  })

  it('never runs a job enqueued in a rolled-back transaction, and runs a committed one', async () => {
    const queue = newQueue(subject.database)
    await queue.start()
    await expect(
      subject.database.withSettings({}, async (trx) => {
        await queue.enqueue('test.record', { value: 'rolled-back' }, { trx })
        throw new Error('the request failed')
      }),
    ).rejects.toThrow('the request failed')
    await subject.database.withSettings({}, (trx) =>
      queue.enqueue('test.record', { value: 'committed' }, { trx }),
    )
    await queue.whenIdle()
    await sleep(600) // one more poll: a rolled-back job would have had its chance
    expect(valuesRun('committed')).toHaveLength(1)
    expect(valuesRun('rolled-back')).toHaveLength(0)
    // deleteOnSuccess: nothing of the job is left.
    const { rows } = await sql<{ n: number }>`
      select count(*)::int as n from pgboss.job where name = 'test.record'`.execute(
      subject.database.db,
    )
    expect(rows[0]!.n).toBe(0)
    await queue.stop()
  })

  it('refuses a payload that does not match the job type', async () => {
    const queue = newQueue(subject.database)
    await expect(
      queue.enqueue('test.record', { value: 42 } as unknown as { value: string }),
    ).rejects.toThrow()
  })

  it('survives a restart: a job queued by a stopped process runs in the next one', async () => {
    const first = newQueue(subject.database)
    await first.start()
    await first.enqueue('test.record', { value: 'across-restart' }, { startAfterSeconds: 1 })
    await first.stop()
    expect(valuesRun('across-restart')).toHaveLength(0)
    const second = newQueue(subject.reopen())
    await second.start()
    await until(() => valuesRun('across-restart').length > 0, 8000)
    await sleep(600)
    expect(valuesRun('across-restart')).toHaveLength(1)
    expect(valuesRun('across-restart')[0]!.queue).toBe(queues.indexOf(second))
    await second.stop()
  })

  it('runs each job once with two workers on one database', async () => {
    const a = newQueue(subject.database)
    const b = newQueue(subject.reopen())
    await Promise.all([a.start(), b.start()])
    const values = Array.from({ length: 20 }, (_, i) => `pair-${i}`)
    for (const value of values) await a.enqueue('test.record', { value })
    await until(() => values.every((v) => valuesRun(v).length > 0), 15_000)
    await Promise.all([a.whenIdle(), b.whenIdle()])
    await sleep(600)
    for (const value of values) expect(valuesRun(value)).toHaveLength(1)
    await Promise.all([a.stop(), b.stop()])
  })

  it('retries with a growing delay, and lists a job that ran out of retries', async () => {
    const { logger, entries } = captureLogger()
    const queue = newQueue(subject.database, logger)
    await queue.start()
    await queue.enqueue('test.flaky', { value: 'recovers', failures: 2 })
    await queue.enqueue('test.flaky', { value: 'gives-up', failures: 99 })
    await until(
      () => valuesRun('recovers').length === 3 && valuesRun('gives-up').length === 3,
      20_000,
    )
    const [first, second, third] = valuesRun('recovers')
    expect([first!.retryCount, second!.retryCount, third!.retryCount]).toEqual([0, 1, 2])
    // Backoff: at least the 1 s delay, and the second wait is longer than the first's minimum.
    expect(second!.at - first!.at).toBeGreaterThanOrEqual(900)
    expect(third!.at - second!.at).toBeGreaterThanOrEqual(1900)
    // pg-boss records the failure just after the handler threw.
    let failed = await queue.failed({ name: 'test.flaky' })
    for (let i = 0; failed.length === 0 && i < 100; i++) {
      await sleep(50)
      failed = await queue.failed({ name: 'test.flaky' })
    }
    expect(failed).toHaveLength(1)
    expect(failed[0]).toMatchObject({ name: 'test.flaky', retryCount: 2 })
    expect(failed[0]!.error).toBe('refused gives-up on try 2')
    const finalLine = entries.find((e) => e.level === 'error')!
    expect(finalLine).toMatchObject({
      message: 'job failed after its last retry',
      job: 'test.flaky',
    })
    expect(JSON.stringify(finalLine)).not.toContain('failures')
    await queue.stop()
  }, 30_000)
})

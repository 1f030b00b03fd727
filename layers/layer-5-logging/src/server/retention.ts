import { sql, type Kysely } from 'kysely'
import type { Database, Logger } from '@stratum/layer-core/server'
import { ALL_SCOPE } from './audit-chain.ts'
import type { LoggingSettings } from './logging-settings.ts'

const DAY_MS = 86_400_000

/** Rows removed per table by one cleanup. */
export type RetentionResult = Record<string, number>

/**
 * Deletes rows older than each table's retention (0 days keeps them). The SQL function takes a
 * try-lock, so of replicas running it together one does the work and the others skip.
 */
export async function applyRetention(
  database: Database,
  settings: Pick<
    LoggingSettings,
    'LOG_RETENTION_DAYS' | 'AUDIT_RETENTION_DAYS' | 'METRICS_RETENTION_DAYS'
  >,
): Promise<RetentionResult> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const { rows } = await database.withSettings({}, (trx: Kysely<any>) =>
    sql<{ table_name: string; removed: string }>`select * from logging_apply_retention(
      ${settings.LOG_RETENTION_DAYS}::int, ${settings.AUDIT_RETENTION_DAYS}::int,
      ${settings.METRICS_RETENTION_DAYS}::int)`.execute(trx),
  )
  return Object.fromEntries(rows.map((r) => [r.table_name, Number(r.removed)]))
}

/** Each audit chain's newest row and its hash, as the anchors hold them. */
export async function auditChainHeads(
  database: Database,
): Promise<Array<{ chain: string; headId: string; headHash: string }>> {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const { rows } = await database.withSettings(ALL_SCOPE, (trx: Kysely<any>) =>
    sql<{ chain: string; head_id: string; head_hash: string }>`select chain_key as chain,
        head_id::text, head_hash from audit_chain_anchors order by chain_key`.execute(trx),
  )
  return rows.map((r) => ({ chain: r.chain, headId: r.head_id, headHash: r.head_hash }))
}

/**
 * Runs the cleanup a minute after start-up and then daily, and then writes each audit chain's
 * head to the server log: shipped off the machine (stdout to a log pipeline), those lines are
 * anchors that someone with the database's owner rights cannot rewrite along with the chain. The timers are unref'd: they never keep
 * the process alive. Returns the function that stops them.
 */
export function scheduleRetention(
  database: Database,
  settings: LoggingSettings,
  logger: Logger,
): () => void {
  const run = () =>
    applyRetention(database, settings).then(
      async (removed) => {
        logger.info('log retention applied', { removed })
        logger.info('audit chain heads', { heads: await auditChainHeads(database) })
      },
      (error: unknown) =>
        logger.warn('log retention failed', {
          error: error instanceof Error ? error.message : String(error),
          skipDb: true,
        }),
    )
  const first = setTimeout(run, 60_000)
  const daily = setInterval(run, DAY_MS)
  first.unref()
  daily.unref()
  return () => {
    clearTimeout(first)
    clearInterval(daily)
  }
}

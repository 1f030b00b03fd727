import type { Kysely } from 'kysely'
import {
  defineJob,
  type Database,
  type JobDefinition,
  type Logger,
} from '@stratum/layer-core/server'
import { inviteCleanupPayloadSchema, type InviteCleanupPayload } from '../shared/job-payloads.ts'
import type { MultitenantDatabase } from './tables.ts'

export const INVITE_CLEANUP_JOB = 'multitenant.invite-cleanup'

declare module '@stratum/layer-core/server' {
  interface StratumJobs {
    'multitenant.invite-cleanup': InviteCleanupPayload
  }
}

/**
 * Deletes invites nobody accepted that expired more than `afterDays` ago. Invites are tenant rows
 * under row-level security, so it goes one tenant at a time with the tenant set, as requests do:
 * nothing here can reach another tenant's rows.
 * @returns how many invites it deleted
 */
export async function cleanupInvites(
  database: Database,
  afterDays: number,
  now = new Date(),
): Promise<number> {
  const before = new Date(now.getTime() - afterDays * 86_400_000)
  const tenants = await (database.db as Kysely<MultitenantDatabase>)
    .selectFrom('tenants')
    .select('id')
    .execute()
  let deleted = 0
  for (const { id } of tenants) {
    deleted += await database.withSettings({ 'app.tenant_id': id }, async (trx) => {
      const result = await (trx as Kysely<MultitenantDatabase>)
        .deleteFrom('tenant_invites')
        .where('tenant_id', '=', id)
        .where('accepted_at', 'is', null)
        .where('expires_at', '<', before)
        .executeTakeFirst()
      return Number(result.numDeletedRows)
    })
  }
  return deleted
}

/** The scheduled invite cleanup: once per `cron` tick across every replica. */
export function inviteCleanupJob(deps: {
  database: Database
  afterDays: number
  cron: string
  logger: Logger
}): JobDefinition<typeof INVITE_CLEANUP_JOB> {
  return defineJob({
    name: INVITE_CLEANUP_JOB,
    payload: inviteCleanupPayloadSchema,
    retry: { limit: 2, delaySeconds: 60, backoff: true },
    schedule: { cron: deps.cron, payload: {} },
    handler: async () => {
      const invites = await cleanupInvites(deps.database, deps.afterDays)
      deps.logger.info('invite cleanup', { deleted: { invites } })
    },
  })
}

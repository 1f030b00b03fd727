import { sql, type Kysely } from 'kysely'
import { defineJob, type JobDefinition, type Logger } from '@stratum/layer-core/server'
import { authCleanupPayloadSchema, type AuthCleanupPayload } from '../shared/job-payloads.ts'
import type { AuthDatabase } from './tables.ts'

export const AUTH_CLEANUP_JOB = 'auth.cleanup'

declare module '@stratum/layer-core/server' {
  interface StratumJobs {
    'auth.cleanup': AuthCleanupPayload
  }
}

/** How long dead rows are kept before the cleanup deletes them. */
export interface AuthRetention {
  /** Hours a sign-in code is kept after it was used, replaced or expired. */
  otpCodesHours: number
  /** Days a refresh-token family is kept after its newest token expired. */
  refreshTokensDays: number
}

/** What one cleanup run deleted. */
export interface AuthCleanupResult {
  otpCodes: number
  refreshTokens: number
}

/**
 * Deletes sign-in codes that died (used, replaced or expired) more than `otpCodesHours` ago, and
 * whole refresh-token families whose newest token expired more than `refreshTokensDays` ago.
 * Live codes and families that can still refresh are never touched.
 */
export async function cleanupAuth(
  db: Kysely<AuthDatabase>,
  retention: AuthRetention,
  now = new Date(),
): Promise<AuthCleanupResult> {
  const codesBefore = new Date(now.getTime() - retention.otpCodesHours * 3_600_000)
  const tokensBefore = new Date(now.getTime() - retention.refreshTokensDays * 86_400_000)
  // least() skips NULLs: the moment the code stopped being usable.
  const codes = await db
    .deleteFrom('auth_otp_codes')
    .where(sql<Date>`least(used_at, invalidated_at, expires_at)`, '<', codesBefore)
    .executeTakeFirst()
  const tokens = await db
    .deleteFrom('auth_refresh_tokens')
    .where('family_id', 'in', (eb) =>
      eb
        .selectFrom('auth_refresh_tokens')
        .select('family_id')
        .groupBy('family_id')
        .having((h) => h.fn.max('expires_at'), '<', tokensBefore),
    )
    .executeTakeFirst()
  return {
    otpCodes: Number(codes.numDeletedRows),
    refreshTokens: Number(tokens.numDeletedRows),
  }
}

/** The scheduled cleanup: once per `cron` tick across every replica. */
export function authCleanupJob(deps: {
  db: Kysely<AuthDatabase>
  retention: AuthRetention
  cron: string
  logger: Logger
}): JobDefinition<typeof AUTH_CLEANUP_JOB> {
  return defineJob({
    name: AUTH_CLEANUP_JOB,
    payload: authCleanupPayloadSchema,
    retry: { limit: 2, delaySeconds: 60, backoff: true },
    schedule: { cron: deps.cron, payload: {} },
    handler: async () => {
      const deleted = await cleanupAuth(deps.db, deps.retention)
      deps.logger.info('auth cleanup', { deleted })
    },
  })
}

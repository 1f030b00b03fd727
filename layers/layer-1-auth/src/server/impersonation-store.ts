import { sql, type Kysely, type Transaction } from 'kysely'
import type { Impersonation, ImpersonationRecord } from '../shared/impersonation-api.ts'
import { IMPERSONATION_LIMITS } from '../shared/impersonation-limits.ts'
import type { AuthDatabase } from './tables.ts'

type Db = Kysely<AuthDatabase> | Transaction<AuthDatabase>

/** An impersonation as stored, with the superadmin's email. */
export interface ImpersonationRow {
  id: string
  superadminId: string
  superadminEmail: string
  targetUserId: string
  tenantId: string | null
  reason: string
  startedAt: Date
  endsAt: Date
  endedAt: Date | null
  familyId: string
}

const iso = (d: Date | string) => new Date(d).toISOString()

/** What `/me` reports of an impersonation. */
export const toImpersonation = (row: ImpersonationRow): Impersonation => ({
  by: { id: row.superadminId, email: row.superadminEmail },
  endsAt: iso(row.endsAt),
  reason: row.reason,
  tenantId: row.tenantId,
})

/** What the impersonated user's sessions list shows of one. */
export const toImpersonationRecord = (row: ImpersonationRow): ImpersonationRecord => ({
  id: row.id,
  by: { email: row.superadminEmail },
  reason: row.reason,
  startedAt: iso(row.startedAt),
  endsAt: iso(row.endsAt),
  endedAt: row.endedAt === null ? null : iso(row.endedAt),
})

const selectRows = (db: Db) =>
  db
    .selectFrom('auth_impersonations as i')
    .innerJoin('auth_users as s', 's.id', 'i.superadmin_id')
    .select([
      'i.id as id',
      'i.superadmin_id as superadminId',
      's.email as superadminEmail',
      'i.target_user_id as targetUserId',
      'i.tenant_context as tenantId',
      'i.reason as reason',
      'i.started_at as startedAt',
      'i.ends_at as endsAt',
      'i.ended_at as endedAt',
      'i.family_id as familyId',
    ])

/** The impersonation a session (refresh-token family) runs in, if it is one. */
export const impersonationOfSession = (
  db: Db,
  familyId: string,
): Promise<ImpersonationRow | undefined> =>
  selectRows(db).where('i.family_id', '=', familyId).executeTakeFirst()

/** Whether an impersonation can still act: not stopped, and its time not up. */
export const isRunning = (row: ImpersonationRow, now = Date.now()): boolean =>
  row.endedAt === null && new Date(row.endsAt).getTime() > now

/** Records the start of an impersonation in the session `familyId`. */
export async function recordImpersonation(
  db: Db,
  input: {
    superadminId: string
    targetUserId: string
    tenantId: string | undefined
    reason: string
    startedAt: Date
    endsAt: Date
    familyId: string
  },
): Promise<string> {
  const row = await db
    .insertInto('auth_impersonations')
    .values({
      superadmin_id: input.superadminId,
      target_user_id: input.targetUserId,
      tenant_context: input.tenantId ?? null,
      reason: input.reason,
      started_at: input.startedAt,
      ends_at: input.endsAt,
      family_id: input.familyId,
    })
    .returning('id')
    .executeTakeFirstOrThrow()
  return row.id
}

/** Marks the impersonation of a session as stopped now; false when it already was. */
export async function markImpersonationEnded(db: Db, familyId: string): Promise<boolean> {
  const { numUpdatedRows } = await db
    .updateTable('auth_impersonations')
    .set({ ended_at: sql`now()` })
    .where('family_id', '=', familyId)
    .where('ended_at', 'is', null)
    .executeTakeFirst()
  return numUpdatedRows > 0n
}

/** The impersonations of a user's account in the last `impersonationHistoryDays`, newest first. */
export const impersonationsOf = (db: Db, userId: string): Promise<ImpersonationRow[]> =>
  selectRows(db)
    .where('i.target_user_id', '=', userId)
    .where(
      'i.started_at',
      '>',
      sql<Date>`now() - make_interval(days => ${IMPERSONATION_LIMITS.historyDays})`,
    )
    .orderBy('i.started_at', 'desc')
    .limit(100)
    .execute()

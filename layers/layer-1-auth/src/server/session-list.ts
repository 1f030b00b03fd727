import { sql, type Kysely } from 'kysely'
import type { SessionItem } from '../shared/impersonation-api.ts'
import { impersonationsOf, toImpersonationRecord } from './impersonation-store.ts'
import type { AuthDatabase } from './tables.ts'

interface FamilyRow {
  family_id: string
  created_at: Date | string
  last_used_at: Date | string
  user_agent: string | null
  ip: string | null
}

const iso = (d: Date | string) => new Date(d).toISOString()

/**
 * A user's live sessions (refresh-token families with no revoked member and a token not yet
 * expired), most recently used first, and the impersonations of their account lately: those
 * still running are shown on their session too.
 */
export async function listSessions(
  db: Kysely<AuthDatabase>,
  userId: string,
  currentSessionId: string | undefined,
) {
  const [{ rows }, impersonations] = await Promise.all([
    sql<FamilyRow>`select family_id::text, min(created_at) as created_at,
        max(created_at) as last_used_at,
        (array_agg(user_agent order by created_at) filter (where user_agent is not null))[1] as user_agent,
        (array_agg(ip order by created_at desc) filter (where ip is not null))[1] as ip
      from auth_refresh_tokens where user_id = ${userId}
      group by family_id
      having bool_and(revoked_at is null) and max(expires_at) > now()
      order by max(created_at) desc
      limit 100`.execute(db),
    impersonationsOf(db, userId),
  ])
  const byFamily = new Map(impersonations.map((row) => [row.familyId, row]))
  const sessions: SessionItem[] = rows.map((row) => {
    const impersonation = byFamily.get(row.family_id)
    return {
      id: row.family_id,
      createdAt: iso(row.created_at),
      lastUsedAt: iso(row.last_used_at),
      userAgent: row.user_agent,
      ip: row.ip,
      current: row.family_id === currentSessionId,
      impersonatedBy: impersonation ? toImpersonationRecord(impersonation) : null,
    }
  })
  return { sessions, impersonations: impersonations.map(toImpersonationRecord) }
}

/** Whether `familyId` is a session of `userId` (whatever its state). */
export async function isSessionOf(
  db: Kysely<AuthDatabase>,
  userId: string,
  familyId: string,
): Promise<boolean> {
  const row = await db
    .selectFrom('auth_refresh_tokens')
    .select('id')
    .where('family_id', '=', familyId)
    .where('user_id', '=', userId)
    .limit(1)
    .executeTakeFirst()
  return row !== undefined
}

/** The ids of a user's live sessions other than `currentSessionId`. */
export async function otherLiveSessions(
  db: Kysely<AuthDatabase>,
  userId: string,
  currentSessionId: string | undefined,
): Promise<string[]> {
  const rows = await db
    .selectFrom('auth_refresh_tokens')
    .select('family_id')
    .distinct()
    .where('user_id', '=', userId)
    .where('revoked_at', 'is', null)
    .where('expires_at', '>', sql<Date>`now()`)
    .$if(currentSessionId !== undefined, (q) => q.where('family_id', '!=', currentSessionId!))
    .execute()
  return rows.map((row) => row.family_id)
}

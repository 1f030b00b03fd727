import type { ColumnType, Generated, Selectable } from 'kysely'

type Timestamp = ColumnType<Date, Date | string, Date | string>
/** A timestamp the database fills in when the insert leaves it out. */
type DefaultTimestamp = ColumnType<Date, Date | string | undefined, Date | string>

export interface AuthUsersTable {
  id: Generated<string>
  email: string
  name: string | null
  locale: Generated<string>
  is_active: Generated<boolean>
  is_superadmin: Generated<boolean>
  created_at: DefaultTimestamp
  last_login_at: Timestamp | null
}

export interface AuthOtpCodesTable {
  id: Generated<string>
  email: string
  code_hmac: string
  created_at: DefaultTimestamp
  expires_at: Timestamp
  used_at: Timestamp | null
  invalidated_at: Timestamp | null
}

export interface AuthRefreshTokensTable {
  id: Generated<string>
  user_id: string
  family_id: string
  token_hash: string
  created_at: DefaultTimestamp
  expires_at: Timestamp
  used_at: Timestamp | null
  revoked_at: Timestamp | null
  /** A session that must end at a fixed time (an impersonation): no token outlives it. */
  session_ends_at: ColumnType<Date | null, Date | string | null | undefined, Date | string | null>
  /** The browser the session was started from, as it said (at most 500 characters). */
  user_agent: ColumnType<string | null, string | null | undefined, string | null>
  /** The client address of the request that issued this token (sign-in or rotation). */
  ip: ColumnType<string | null, string | null | undefined, string | null>
}

/** A superadmin acting as a user: who, as whom, why, and the session it ran in. */
export interface AuthImpersonationsTable {
  id: Generated<string>
  superadmin_id: string
  target_user_id: string
  tenant_context: string | null
  reason: string
  started_at: DefaultTimestamp
  ends_at: Timestamp
  ended_at: Timestamp | null
  /** The refresh-token family (the session, `sid`) the impersonation runs in. */
  family_id: string
}

/** The auth layer's view of the database. */
export interface AuthDatabase {
  auth_users: AuthUsersTable
  auth_otp_codes: AuthOtpCodesTable
  auth_refresh_tokens: AuthRefreshTokensTable
  auth_impersonations: AuthImpersonationsTable
}

export type AuthUserRow = Selectable<AuthUsersTable>

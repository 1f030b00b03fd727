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
}

/** The auth layer's view of the database. */
export interface AuthDatabase {
  auth_users: AuthUsersTable
  auth_otp_codes: AuthOtpCodesTable
  auth_refresh_tokens: AuthRefreshTokensTable
}

export type AuthUserRow = Selectable<AuthUsersTable>

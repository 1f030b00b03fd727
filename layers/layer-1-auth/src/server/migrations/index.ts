import type { Migration } from 'kysely'
import { authTables } from './20260601000000_auth_tables.ts'
import { otpCodesEmailIndex } from './20261202120000_otp_codes_email_index.ts'
import { impersonations } from './20261202190000_impersonations.ts'
import { sessionAddress } from './20261202230000_session_address.ts'

/** Static record, so the migrations survive bundling. */
export const authMigrations: Record<string, Migration> = {
  '20260601000000_auth_tables': authTables,
  '20261202120000_otp_codes_email_index': otpCodesEmailIndex,
  '20261202190000_impersonations': impersonations,
  '20261202230000_session_address': sessionAddress,
}

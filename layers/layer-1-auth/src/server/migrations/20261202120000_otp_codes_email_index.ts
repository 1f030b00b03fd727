import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Sign-in looks up the newest code of an email that is still in force, used or not (a used one
 * answers "already used"). The old index covered unused codes only.
 */
export const otpCodesEmailIndex: Migration = {
  async up(db: Kysely<unknown>) {
    await sql`create index auth_otp_codes_email_idx on auth_otp_codes (email, created_at desc) where invalidated_at is null`.execute(
      db,
    )
    await sql`drop index auth_otp_codes_live_idx`.execute(db)
  },
  async down(db: Kysely<unknown>) {
    await sql`create index auth_otp_codes_live_idx on auth_otp_codes (email, created_at desc) where used_at is null and invalidated_at is null`.execute(
      db,
    )
    await sql`drop index auth_otp_codes_email_idx`.execute(db)
  },
}

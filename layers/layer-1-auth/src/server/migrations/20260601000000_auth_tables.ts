import { sql, type Kysely, type Migration } from 'kysely'

/** Users, one-time codes and refresh tokens. */
export const authTables: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('auth_users')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('name', 'text')
      .addColumn('locale', 'text', (c) => c.notNull().defaultTo('pt-BR'))
      .addColumn('is_active', 'boolean', (c) => c.notNull().defaultTo(true))
      .addColumn('is_superadmin', 'boolean', (c) => c.notNull().defaultTo(false))
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('last_login_at', 'timestamptz')
      .execute()
    // One account per mailbox, whatever the letter case.
    await sql`create unique index auth_users_email_lower_key on auth_users (lower(email))`.execute(
      db,
    )

    await db.schema
      .createTable('auth_otp_codes')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('email', 'text', (c) => c.notNull())
      .addColumn('code_hmac', 'text', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('used_at', 'timestamptz')
      .addColumn('invalidated_at', 'timestamptz')
      .execute()
    await sql`create index auth_otp_codes_live_idx on auth_otp_codes (email, created_at desc) where used_at is null and invalidated_at is null`.execute(
      db,
    )

    await db.schema
      .createTable('auth_refresh_tokens')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('user_id', 'uuid', (c) =>
        c.notNull().references('auth_users.id').onDelete('cascade'),
      )
      .addColumn('family_id', 'uuid', (c) => c.notNull())
      .addColumn('token_hash', 'text', (c) => c.notNull().unique())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
      .addColumn('used_at', 'timestamptz')
      .addColumn('revoked_at', 'timestamptz')
      .execute()
    await db.schema
      .createIndex('auth_refresh_tokens_family_idx')
      .on('auth_refresh_tokens')
      .column('family_id')
      .execute()
    await db.schema
      .createIndex('auth_refresh_tokens_user_idx')
      .on('auth_refresh_tokens')
      .column('user_id')
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.dropTable('auth_refresh_tokens').execute()
    await db.schema.dropTable('auth_otp_codes').execute()
    await db.schema.dropTable('auth_users').execute()
  },
}

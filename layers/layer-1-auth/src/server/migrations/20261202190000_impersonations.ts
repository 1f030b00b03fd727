import { sql, type Kysely, type Migration } from 'kysely'

/**
 * Impersonation and the sessions list: `auth_impersonations` records who acted as whom, why and
 * for how long; a refresh-token family may end at a fixed time (`session_ends_at`, inherited on
 * rotation), and keeps the user agent it was started from.
 */
export const impersonations: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema
      .createTable('auth_impersonations')
      .addColumn('id', 'uuid', (c) => c.primaryKey().defaultTo(sql`gen_random_uuid()`))
      .addColumn('superadmin_id', 'uuid', (c) =>
        c.notNull().references('auth_users.id').onDelete('cascade'),
      )
      .addColumn('target_user_id', 'uuid', (c) =>
        c.notNull().references('auth_users.id').onDelete('cascade'),
      )
      // The tenant the superadmin said they acted in: a note, not tenant data (no row-level security).
      .addColumn('tenant_context', 'uuid')
      .addColumn('reason', 'text', (c) => c.notNull())
      .addColumn('started_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('ends_at', 'timestamptz', (c) => c.notNull())
      .addColumn('ended_at', 'timestamptz')
      .addColumn('family_id', 'uuid', (c) => c.notNull().unique())
      .execute()
    await db.schema
      .createIndex('auth_impersonations_target_idx')
      .on('auth_impersonations')
      .columns(['target_user_id', 'started_at'])
      .execute()
    await db.schema
      .alterTable('auth_refresh_tokens')
      .addColumn('session_ends_at', 'timestamptz')
      .addColumn('user_agent', 'text')
      .execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema
      .alterTable('auth_refresh_tokens')
      .dropColumn('session_ends_at')
      .dropColumn('user_agent')
      .execute()
    await db.schema.dropTable('auth_impersonations').execute()
  },
}

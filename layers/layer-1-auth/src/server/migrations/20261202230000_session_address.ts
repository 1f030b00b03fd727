import type { Kysely, Migration } from 'kysely'

/**
 * The sessions list names where each session was last used from: every refresh token keeps the
 * client address of the request that issued it (sign-in or rotation).
 */
export const sessionAddress: Migration = {
  async up(db: Kysely<unknown>) {
    await db.schema.alterTable('auth_refresh_tokens').addColumn('ip', 'text').execute()
  },
  async down(db: Kysely<unknown>) {
    await db.schema.alterTable('auth_refresh_tokens').dropColumn('ip').execute()
  },
}

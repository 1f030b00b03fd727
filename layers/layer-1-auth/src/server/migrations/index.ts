import type { Migration } from 'kysely'
import { authTables } from './20260601000000_auth_tables.ts'

/** Static record, so the migrations survive bundling. */
export const authMigrations: Record<string, Migration> = {
  '20260601000000_auth_tables': authTables,
}

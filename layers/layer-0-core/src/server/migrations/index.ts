import type { Migration } from 'kysely'
import { runtimeRole } from './20260101000000_runtime_role.ts'

/** Static record, so the migrations survive bundling. */
export const coreMigrations: Record<string, Migration> = {
  '20260101000000_runtime_role': runtimeRole,
}

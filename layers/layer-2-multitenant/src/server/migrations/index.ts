import type { Migration } from 'kysely'
import { tenancy } from './20260701000000_tenancy.ts'

/** Static record, so the migrations survive bundling. */
export const multitenantMigrations: Record<string, Migration> = {
  '20260701000000_tenancy': tenancy,
}

import type { Migration } from 'kysely'
import { languages } from './20261202150000_languages.ts'

/** Static record, so the migrations survive bundling. */
export const languagesMigrations: Record<string, Migration> = {
  '20261202150000_languages': languages,
}

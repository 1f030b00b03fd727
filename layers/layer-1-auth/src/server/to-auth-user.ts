import { LOCALES, DEFAULT_LOCALE, type Locale } from '@stratum/layer-core/shared'
import type { AuthUser } from '../shared/schemas.ts'
import type { AuthUserRow } from './tables.ts'

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** The public form of a user row. */
export function toAuthUser(row: AuthUserRow): AuthUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: (LOCALES as readonly string[]).includes(row.locale)
      ? (row.locale as Locale)
      : DEFAULT_LOCALE,
    isSuperadmin: row.is_superadmin,
    createdAt: iso(row.created_at)!,
    lastLoginAt: iso(row.last_login_at),
  }
}

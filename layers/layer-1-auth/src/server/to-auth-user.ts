import { DEFAULT_LOCALE } from '@stratum/layer-core/shared'
import type { AuthUser } from '../shared/schemas.ts'
import { liveLocale, type LiveLocales } from './live-locale.ts'
import type { AuthUserRow } from './tables.ts'

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString())

/** The public form of a user row; a stored locale that is no longer live reads as the default. */
export function toAuthUser(row: AuthUserRow, live: LiveLocales): AuthUser {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    locale: liveLocale(live, row.locale) ?? DEFAULT_LOCALE,
    isSuperadmin: row.is_superadmin,
    createdAt: iso(row.created_at)!,
    lastLoginAt: iso(row.last_login_at),
  }
}

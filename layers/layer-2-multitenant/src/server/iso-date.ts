/**
 * A timestamp column as ISO 8601 text (`2026-07-01T12:00:00.000Z`), or null when it is empty.
 * Drivers hand timestamps back as `Date` (pg) or text (some PGlite paths); both come out alike.
 */
export function toIsoDate(value: Date | string): string
export function toIsoDate(value: Date | string | null | undefined): string | null
export function toIsoDate(value: Date | string | null | undefined): string | null {
  return value === null || value === undefined ? null : new Date(value).toISOString()
}

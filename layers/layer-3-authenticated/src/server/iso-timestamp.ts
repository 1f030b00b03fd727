import { sql, type RawBuilder } from 'kysely'

/**
 * A `timestamptz` column selected as the ISO 8601 text the API answers with
 * (`2026-07-01T12:00:00.123Z`, UTC, milliseconds truncated as `Date#toISOString` does), null for
 * null (type it `isoTimestamp<string | null>`):
 * PostgreSQL formats it, so the driver neither parses a `Date` nor prints it back.
 */
export function isoTimestamp<T extends string | null = string>(column: string): RawBuilder<T> {
  return sql<T>`to_char(${sql.ref(column)} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`
}

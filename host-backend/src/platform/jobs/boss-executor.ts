import type { PGlite } from '@electric-sql/pglite'
import { CompiledQuery, type Kysely } from 'kysely'
import type PgBoss from 'pg-boss'

/**
 * pg-boss's `db` option over a Kysely handle, so jobs use the platform's pool (or PGlite) and can
 * join a caller's transaction. pg-boss installs its schema with multi-statement SQL without
 * parameters: `pg` sends that as a simple query, but PGlite's `query` refuses it, so on PGlite
 * parameterless SQL goes through `exec`, while holding Kysely's single PGlite connection so it
 * never lands inside someone else's open transaction.
 */
export function bossExecutor(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  pglite: PGlite | undefined,
): PgBoss.Db {
  return {
    executeSql: async (text: string, parameters: unknown[] = []) => {
      const values = parameters.map((value) => (Array.isArray(value) ? arrayLiteral(value) : value))
      if (pglite && values.length === 0) {
        return db.connection().execute(async () => {
          const results = await pglite.exec(text)
          const last = results.at(-1)
          return { rows: last?.rows ?? [], rowCount: last?.affectedRows ?? 0 }
        })
      }
      const result = await db.executeQuery(CompiledQuery.raw(text, values))
      return {
        rows: [...result.rows],
        rowCount: Number(result.numAffectedRows ?? result.rows.length),
      }
    },
  }
}

/**
 * A PostgreSQL array literal (`{"a","b"}`). PGlite sends a JS array for a type it does not know
 * (pg-boss's `job_state[]`) as `a,b`, which PostgreSQL refuses; the literal parses as any array.
 */
export function arrayLiteral(items: readonly unknown[]): string {
  const item = (value: unknown) =>
    value === null || value === undefined
      ? 'NULL'
      : `"${String(value).replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`
  return `{${items.map(item).join(',')}}`
}

import { sql, type Kysely } from 'kysely'

const SETTING_NAME = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/

/** `select set_config('k', 'v', true), …` with names checked and values quoted as literals. */
export function settingsStatement(settings: Readonly<Record<string, string>>): string {
  const calls = Object.entries(settings).map(([name, value]) => {
    if (!SETTING_NAME.test(name)) throw new Error(`Invalid setting name '${name}'.`)
    if (value.includes('\0')) throw new Error(`Setting '${name}' contains a NUL byte.`)
    // standard_conforming_strings is on (the default since 9.1): doubling quotes is the whole escape.
    return `set_config('${name}', '${value.replaceAll("'", "''")}', true)`
  })
  return calls.length > 0 ? `select ${calls.join(', ')}` : ''
}

/**
 * One transaction on one connection, with transaction-local settings. `combine` sends BEGIN and the
 * settings as one simple-protocol query (one round trip); PGlite runs them one after the other.
 */
export async function runWithSettings<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  settings: Readonly<Record<string, string>>,
  combine: boolean,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (trx: Kysely<any>) => Promise<T>,
): Promise<T> {
  const setup = settingsStatement(settings)
  return db.connection().execute(async (conn) => {
    if (combine && setup) {
      await sql.raw(`begin; ${setup}`).execute(conn)
    } else {
      await sql.raw('begin').execute(conn)
      if (setup) await sql.raw(setup).execute(conn)
    }
    try {
      const result = await fn(conn)
      await sql.raw('commit').execute(conn)
      return result
    } catch (error) {
      await sql
        .raw('rollback')
        .execute(conn)
        .catch(() => undefined)
      throw error
    }
  })
}

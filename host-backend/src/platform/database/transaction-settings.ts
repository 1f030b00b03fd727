import { QueryTimer, type QueryObserver, type TransactionOptions } from '@stratum/layer-core/server'
import { sql, type Kysely } from 'kysely'

const SETTING_NAME = /^[a-z_][a-z0-9_]*\.[a-z_][a-z0-9_]*$/

/**
 * The settings as one statement, `select set_config('k', $1, true), …`, with the names checked and
 * the values as parameters, so PostgreSQL can keep it prepared whatever the values; with
 * `readOnly`, `transaction_read_only` too, so PostgreSQL refuses any write in the transaction.
 * `inline()` is the same statement with the values quoted as literals, for a driver that sends
 * it without parameters; built only when asked for. Empty (`text: ''`) when there is nothing to set.
 */
export interface SettingsStatement {
  text: string
  values: string[]
  inline(): string
}

const READ_ONLY = `set_config('transaction_read_only', 'on', true)`

export function settingsStatement(
  settings: Readonly<Record<string, string>>,
  readOnly = false,
): SettingsStatement {
  const entries = Object.entries(settings)
  for (const [name, value] of entries) {
    if (!SETTING_NAME.test(name)) throw new Error(`Invalid setting name '${name}'.`)
    if (value.includes('\0')) throw new Error(`Setting '${name}' contains a NUL byte.`)
  }
  const statement = (value: (v: string, i: number) => string) => {
    const calls = entries.map(([name, v], i) => `set_config('${name}', ${value(v, i)}, true)`)
    if (readOnly) calls.push(READ_ONLY)
    return calls.length > 0 ? `select ${calls.join(', ')}` : ''
  }
  return {
    text: statement((_, i) => `$${i + 1}`),
    values: entries.map(([, value]) => value),
    // standard_conforming_strings is on (the default since 9.1): doubling quotes is the whole escape.
    inline: () => statement((v) => `'${v.replaceAll("'", "''")}'`),
  }
}

/**
 * Opens the transaction on `conn`: `BEGIN`, then `settings` (a `select set_config(...)`
 * statement; `text: ''` for none), in one round trip at most. Given `observe`, an opener may take
 * on timing the transaction's statements itself (the PostgreSQL driver does, on its connection)
 * and says so by returning `true`; otherwise a Kysely plugin times them.
 */
export type OpenTransaction = (
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  conn: Kysely<any>,
  settings: SettingsStatement,
  observe?: QueryObserver,
  options?: TransactionOptions,
) => Promise<boolean | void>

/**
 * One transaction on one connection, with transaction-local settings sent with `BEGIN` by `open`.
 * With `observe`, every statement of the transaction is timed and reported to it: the opening one,
 * those `fn` sends and COMMIT or ROLLBACK (a statement that fails is not).
 */
export async function runWithSettings<T>(
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  db: Kysely<any>,
  settings: Readonly<Record<string, string>>,
  open: OpenTransaction,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  fn: (trx: Kysely<any>) => Promise<T>,
  observe?: QueryObserver,
  options: TransactionOptions = {},
): Promise<T> {
  const setup = settingsStatement(settings, options.readOnly)
  return db.connection().execute(async (connection) => {
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    let conn: Kysely<any> = connection
    try {
      // Inside the try: a setting that fails leaves an aborted transaction to roll back, not
      // to hand to the pool's next user.
      if (observe) {
        // Sent precompiled, so no timer sees it: it counts here, as one statement.
        const started = performance.now()
        const timedByDriver = await open(connection, setup, observe, options)
        observe(performance.now() - started)
        if (timedByDriver !== true) conn = connection.withPlugin(new QueryTimer(observe))
      } else {
        await open(connection, setup, undefined, options)
      }
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

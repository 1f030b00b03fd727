import { randomBytes } from 'node:crypto'
import { Client } from 'pg'

/**
 * Server the test databases are created on; trust auth on the test machines.
 * Override with `STRATUM_TEST_POSTGRES_URL`.
 */
export const TEST_POSTGRES_ADMIN_URL =
  process.env.STRATUM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

/** A database made for one test file; `drop()` removes it. */
export interface FreshPostgresDatabase {
  /** Connection URL of the new database. */
  url: string
  /** Database name, `stratum_test_<random>`. */
  name: string
  /** Ends every connection to the database and drops it. */
  drop(): Promise<void>
}

async function asAdmin<T>(fn: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({
    connectionString: TEST_POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 5000,
  })
  await client.connect()
  try {
    return await fn(client)
  } finally {
    await client.end()
  }
}

/** Creates an empty, uniquely named database, so test files never share state. */
export async function createFreshPostgresDatabase(): Promise<FreshPostgresDatabase> {
  // Hex only: the name is safe to put in SQL unquoted-by-parameter below.
  const name = `stratum_test_${randomBytes(6).toString('hex')}`
  await asAdmin((client) => client.query(`create database ${name}`))
  const url = new URL(TEST_POSTGRES_ADMIN_URL)
  url.pathname = `/${name}`
  return {
    url: url.toString(),
    name,
    // WITH (FORCE) terminates the connections a leaked pool still holds (PostgreSQL 13+).
    drop: () =>
      asAdmin(
        async (client) => void (await client.query(`drop database if exists ${name} with (force)`)),
      ),
  }
}

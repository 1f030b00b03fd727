import { randomBytes } from 'node:crypto'
import { connect } from 'node:net'
import pg from 'pg'

/** Server the bench database is created on (trust auth), as the tests' `STRATUM_TEST_POSTGRES_URL`. */
export const POSTGRES_ADMIN_URL =
  process.env.STRATUM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'

const asAdmin = async (sql: string) => {
  const client = new pg.Client({
    connectionString: POSTGRES_ADMIN_URL,
    connectionTimeoutMillis: 5000,
  })
  await client.connect()
  try {
    await client.query(sql)
  } finally {
    await client.end()
  }
}

/**
 * Creates an empty database for one run, as `host-backend/test/support/postgres.ts` does for a
 * test file. `url(port)` points at it through another port (a counting proxy); `drop()` removes it.
 */
export const createBenchDatabase = async () => {
  // Hex only: safe to put in SQL unquoted.
  const name = `stratum_bench_${randomBytes(6).toString('hex')}`
  await asAdmin(`create database ${name}`)
  const url = (port?: number) => {
    const u = new URL(POSTGRES_ADMIN_URL)
    u.pathname = `/${name}`
    if (port !== undefined) u.port = String(port)
    return u.toString()
  }
  return {
    name,
    url,
    port: Number(new URL(POSTGRES_ADMIN_URL).port || 5432),
    drop: () => asAdmin(`drop database if exists ${name} with (force)`),
    /** Gathers planner statistics, as autovacuum does on a live database (50 rows are below its threshold). */
    analyze: async () => {
      const client = new pg.Client({ connectionString: url(), connectionTimeoutMillis: 5000 })
      await client.connect()
      try {
        await client.query('analyze')
      } finally {
        await client.end()
      }
    },
  }
}

/** Deletes the keys under `prefix` (a run's `CACHE_PREFIX`) with one EVAL, RESP spoken by hand. */
export const deleteRedisPrefix = (port: number, prefix: string) =>
  new Promise<void>((ok, fail) => {
    const script =
      "for _, k in ipairs(redis.call('KEYS', ARGV[1])) do redis.call('DEL', k) end return 0"
    const args = ['EVAL', script, '0', `${prefix}*`]
    const socket = connect(port, '127.0.0.1', () =>
      socket.write(
        `*${args.length}\r\n${args.map((a) => `$${Buffer.byteLength(a)}\r\n${a}\r\n`).join('')}`,
      ),
    )
    socket.once('data', (answer) => {
      socket.end()
      if (answer.toString().startsWith('-')) fail(new Error(`Redis: ${answer.toString().trim()}`))
      else ok()
    })
    socket.once('error', fail)
  })

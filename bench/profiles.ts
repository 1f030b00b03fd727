import { randomBytes } from 'node:crypto'
import autocannon from 'autocannon'
import { join } from 'node:path'
import { createBenchDatabase, deleteRedisPrefix } from './fresh-database.ts'
import { runRounds, type LoadOptions, type Row, type Target } from './measurement.ts'
import { freePort, startServer, waitUntilReady, workDir, type StartedServer } from './processes.ts'
import type { RouteCounts } from './report.ts'
import { bearerFor } from './sign-in.ts'
import { seedTenant } from './tenant-seed.ts'
import { startWireCounter } from './wire-counter.ts'

/** The two ways the backend runs: on its embedded defaults, or on PostgreSQL and Redis. */
export const PROFILES = ['embedded', 'postgres'] as const
export type Profile = (typeof PROFILES)[number]

/** What a profile measured: the table rows (bare first) and, on PostgreSQL, the wire counts. */
export interface ProfileResult {
  rows: Row[]
  counts?: RouteCounts[]
}

/** Run settings a profile needs besides the load: the bare server and the counting pass. */
export interface ProfileOptions extends LoadOptions {
  bare: Target
  /** Requests per route in the (untimed) counting pass. */
  countRequests: number
}

const REDIS_PORT = 6379
/** A backend whose tenant-scoped reads all go to PostgreSQL: the baseline of the cached reads. */
const UNCACHED = { TENANT_RESPONSE_CACHE_ENTRIES: '0' }
const UNCACHED_NAME = 'TENANT_RESPONSE_CACHE_ENTRIES=0'
const run = `${process.pid}-${randomBytes(3).toString('hex')}`
const emails = {
  superadmin: `bench-admin-${run}@example.test`,
  accountAdmin: `bench-owner-${run}@example.test`,
  plainUser: `bench-user-${run}@example.test`,
}

/**
 * The backend's environment: this shell's minus anything that picks a database, cache or mail
 * server. SMTP stays unset and NODE_ENV is development, so the dev mailbox exists on both
 * profiles; the rate limits are out of reach, but their check still runs on every request.
 */
const backendEnv = (port: number, extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv => {
  const env = { ...process.env }
  for (const key of ['DATABASE_URL', 'REDIS_URL', 'SMTP_URL', 'SPA_DIR', 'APP_SECRET'])
    delete env[key]
  return {
    ...env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_IP_MAX: '1000000000',
    SUPERADMIN_EMAILS: emails.superadmin,
    ...extra,
  }
}

const startBackend = async (name: string, extra: NodeJS.ProcessEnv) => {
  const port = await freePort()
  const server = startServer(name, 'host-backend/src/main.ts', backendEnv(port, extra))
  const url = `http://127.0.0.1:${port}`
  await waitUntilReady(`${url}/health`, server)
  console.log(`${name}: ${url}, log in ${server.logFile} (kept only if the run fails)`)
  return { server, url }
}

/** GET /api/app/clients?page=1 as the tenant's account admin, and GET /api/auth/me. */
const appTargets = async (url: string, server: StartedServer): Promise<Target[]> => {
  const slug = `bench-${run}`
  const { session } = await seedTenant(url, {
    superadminEmail: emails.superadmin,
    userEmail: emails.accountAdmin,
    slug,
    clients: 50,
  })
  const owner = bearerFor(url, emails.accountAdmin, session)
  return [
    {
      name: 'GET /api/app/clients?page=1',
      url: `${url}/api/app/clients?page=1`,
      child: server.child,
      headers: async (seconds) => ({ ...(await owner(seconds)), 'x-tenant-id': slug }),
    },
  ]
}

const embedded = async (options: ProfileOptions): Promise<ProfileResult> => {
  const { server, url } = await startBackend('embedded', { DATA_DIR: join(workDir, 'data') })
  try {
    const targets: Target[] = [
      options.bare,
      { name: 'GET /health', url: `${url}/health`, child: server.child },
      { name: 'GET /api/core/layers', url: `${url}/api/core/layers`, child: server.child },
      {
        name: 'GET /api/auth/me',
        url: `${url}/api/auth/me`,
        child: server.child,
        headers: bearerFor(url, emails.plainUser),
      },
      ...(await appTargets(url, server)),
    ]
    return { rows: await runRounds(targets, options) }
  } finally {
    await server.stop()
  }
}

/**
 * Loads each target on a second backend that reaches PostgreSQL and Redis through counting
 * proxies: 500 requests to warm up, then `countRequests` counted. Untimed; the proxies slow it down.
 */
const countPass = async (targets: Target[], env: NodeJS.ProcessEnv, options: ProfileOptions) => {
  // Sign-ins first, through the timed backend alone: once the counting backend runs, either of
  // the two may send a sign-in code (the mail job), and the code would land in its dev mailbox.
  for (const target of targets) await target.headers?.(300)
  const postgres = await startWireCounter('postgres', Number(new URL(env.DATABASE_URL!).port))
  const redis = await startWireCounter('redis', REDIS_PORT)
  const databaseUrl = new URL(env.DATABASE_URL!)
  databaseUrl.port = String(postgres.port)
  const { server, url } = await startBackend('counting', {
    ...env,
    DATABASE_URL: databaseUrl.toString(),
    REDIS_URL: `redis://127.0.0.1:${redis.port}`,
  })
  try {
    const counted: RouteCounts[] = []
    for (const target of targets) {
      const route = target.url.replace(/^http:\/\/[^/]+/, url)
      // Warm-ups by count too: one by duration leaves requests in flight when the counting starts.
      const load = async (amount: number) =>
        autocannon({
          url: route,
          connections: options.connections,
          amount,
          headers: await target.headers?.(60),
        })
      await load(Math.min(500, options.countRequests))
      postgres.reset()
      redis.reset()
      // A fixed number of requests, so none is still in flight when the counts are read.
      const result = await load(options.countRequests)
      if (result.non2xx + result.errors > 0) throw new Error(`counting ${target.name} failed`)
      counted.push({
        name: target.name,
        requests: result.requests.total,
        postgres: postgres.counts,
        redis: redis.counts,
      })
      // Detach the counts just taken, so the next route's warm-up adds to fresh ones.
      postgres.reset()
      redis.reset()
    }
    return counted
  } finally {
    await server.stop()
    await Promise.all([postgres.close(), redis.close()])
  }
}

const postgres = async (options: ProfileOptions): Promise<ProfileResult> => {
  const database = await createBenchDatabase()
  const env = {
    DATABASE_URL: database.url(),
    REDIS_URL: `redis://127.0.0.1:${REDIS_PORT}`,
    CACHE_PREFIX: `stratum-bench-${run}:`,
    // Both backends of the profile must accept the same tokens.
    APP_SECRET: randomBytes(32).toString('hex'),
  }
  console.log(`postgres: database ${database.name}, Redis key prefix ${env.CACHE_PREFIX}`)
  try {
    const { server, url } = await startBackend('postgres', env)
    try {
      const targets: Target[] = [
        {
          name: 'GET /api/auth/me',
          url: `${url}/api/auth/me`,
          child: server.child,
          headers: bearerFor(url, emails.plainUser),
        },
        ...(await appTargets(url, server)),
      ]
      // A fresh table of 50 rows has no statistics yet (autovacuum analyzes a live one), and the
      // planner's choice between a prepared statement's generic and custom plans depends on them.
      await database.analyze()
      // The same read on a second backend with the cached reads off (every request reads
      // PostgreSQL, as before they came), on the same database, measured in the same rounds.
      const uncached = await startBackend('uncached', { ...env, ...UNCACHED })
      const read = targets[1]!
      let rows: Row[]
      try {
        // /api/auth/me is counted, not timed: the table keeps to the read users feel.
        rows = await runRounds(
          [
            options.bare,
            read,
            {
              ...read,
              name: `${read.name} (${UNCACHED_NAME})`,
              url: read.url.replace(url, uncached.url),
              child: uncached.server.child,
            },
          ],
          options,
        )
      } finally {
        await uncached.server.stop()
      }
      // The timed backend stays up (idle) so the tokens can be renewed through it.
      const counts = await countPass(targets, env, options)
      const [uncachedCounts] = await countPass([read], { ...env, ...UNCACHED }, options)
      return {
        rows,
        counts: [...counts, { ...uncachedCounts!, name: `${read.name} (${UNCACHED_NAME})` }],
      }
    } finally {
      await server.stop()
    }
  } finally {
    await database.drop()
    await deleteRedisPrefix(REDIS_PORT, env.CACHE_PREFIX)
  }
}

/** Runs one profile: its backend(s), seeding, timed rounds against bare, and counting. */
export const runProfile = (profile: Profile, options: ProfileOptions) =>
  profile === 'embedded' ? embedded(options) : postgres(options)

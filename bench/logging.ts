// Layer 5's two figures, on PostgreSQL (`pnpm bench` runs them last; `tsx bench/logging.ts` alone):
// 1. the authenticated tenant-scoped read (GET /api/app/clients?page=1) with the logging layer on
//    vs off, two backends on two fresh databases, rounds alternating (ratio must be >= 0.90);
// 2. browser ingestion in 100-entry batches (rows stored per second) vs a raw COPY of the same
//    rows into the same table of the same database (ratio must be >= 0.25).
import { execFileSync } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { writeFileSync } from 'node:fs'
import { join } from 'node:path'
import autocannon from 'autocannon'
import pg from 'pg'
import { createBenchDatabase } from './fresh-database.ts'
import { cpuSeconds, postgresCpuSeconds } from './measurement.ts'
import { readOptions } from './options.ts'
import { freePort, startServer, stopAll, waitUntilReady, workDir } from './processes.ts'
import { bearerFor } from './sign-in.ts'
import { seedTenant } from './tenant-seed.ts'
import { startWireCounter } from './wire-counter.ts'

/** How long each load runs, and how often. */
export interface LoggingBenchOptions {
  duration: number
  connections: number
  rounds: number
}

const run = `${process.pid}-${randomBytes(3).toString('hex')}`
const median = (values: number[]) => [...values].sort((a, b) => a - b)[values.length >> 1] ?? 0

const LAYERS = ['core', 'auth', 'multitenant', 'authenticated', 'logging'] as const
const PREFIXES: Record<string, string> = {
  auth: '/api/auth',
  multitenant: '/api/tenants',
  authenticated: '/api/app',
  logging: '/api/logs',
}

/** A layers config with logging on or off, as LAYERS_CONFIG reads it. */
const layersConfigFile = (logging: boolean) => {
  const file = join(workDir, `layers-logging-${logging ? 'on' : 'off'}.mjs`)
  const layers = LAYERS.map((name) => ({
    name,
    enabled: name !== 'logging' || logging,
    ...(PREFIXES[name] ? { prefix: PREFIXES[name] } : {}),
  }))
  writeFileSync(file, `export default ${JSON.stringify({ layers })}\n`)
  return file
}

export const startBackend = async (logging: boolean) => {
  const database = await createBenchDatabase()
  // BENCH_LOGGING_COUNT=1: the backend reaches PostgreSQL through a counting proxy, and the bench
  // prints statements and round trips per request (the proxy costs time: figures then are not rates).
  const wire =
    process.env.BENCH_LOGGING_COUNT === '1'
      ? await startWireCounter('postgres', Number(new URL(database.url()).port))
      : undefined
  const databaseUrl = wire
    ? Object.assign(new URL(database.url()), { port: String(wire.port) }).toString()
    : database.url()
  const port = await freePort()
  const superadmin = `bench-log-admin-${logging}-${run}@example.test`
  const env = { ...process.env }
  for (const key of ['REDIS_URL', 'SMTP_URL', 'SPA_DIR', 'APP_SECRET']) delete env[key]
  const server = startServer(`logging-${logging ? 'on' : 'off'}`, 'host-backend/src/main.ts', {
    ...env,
    NODE_ENV: 'development',
    HOST: '127.0.0.1',
    PORT: String(port),
    LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? 'info',
    DATABASE_URL: databaseUrl,
    DATA_DIR: join(workDir, `logging-${logging}`),
    LAYERS_CONFIG: layersConfigFile(logging),
    RATE_LIMIT_MAX: '1000000000',
    RATE_LIMIT_IP_MAX: '1000000000',
    LOG_INGEST_IP_MAX: '1000000000',
    SUPERADMIN_EMAILS: superadmin,
  })
  const url = `http://127.0.0.1:${port}`
  await waitUntilReady(`${url}/health`, server)
  const slug = `bench-log-${logging}-${run}`
  const owner = `bench-log-owner-${logging}-${run}@example.test`
  const { session } = await seedTenant(url, {
    superadminEmail: superadmin,
    userEmail: owner,
    slug,
    clients: 50,
  })
  return { database, server, url, slug, wire, bearer: bearerFor(url, owner, session) }
}

type Backend = Awaited<ReturnType<typeof startBackend>>

/** One load on the clients list: requests/s, and CPU µs per request of the server and PostgreSQL. */
const readRate = async (backend: Backend, options: LoggingBenchOptions) => {
  const headers = { ...(await backend.bearer(options.duration)), 'x-tenant-id': backend.slug }
  const [serverBefore, postgresBefore] = [
    cpuSeconds(backend.server.child.pid),
    postgresCpuSeconds(),
  ]
  const result = await autocannon({
    url: `${backend.url}/api/app/clients?page=1`,
    connections: options.connections,
    duration: options.duration,
    headers,
  })
  const [serverAfter, postgresAfter] = [cpuSeconds(backend.server.child.pid), postgresCpuSeconds()]
  if (result.non2xx + result.errors > 0)
    throw new Error(`clients list: ${result.non2xx} non-2xx, ${result.errors} errors`)
  const perRequest = (before?: number, after?: number) =>
    before === undefined || after === undefined || result.requests.total === 0
      ? Number.NaN
      : ((after - before) * 1e6) / result.requests.total
  return {
    rate: result.requests.average,
    total: result.requests.total,
    serverCpuUs: perRequest(serverBefore, serverAfter),
    postgresCpuUs: perRequest(postgresBefore, postgresAfter),
  }
}

/** 100 browser entries as the client logger sends them. */
const batchBody = (session: string) =>
  JSON.stringify({
    sessionId: session,
    entries: Array.from({ length: 100 }, (_, i) => ({
      level: i % 10 === 0 ? 'ERROR' : 'INFO',
      message: `bench entry ${i}: clicked Save on /clients/123`,
      timestamp: new Date().toISOString(),
      url: 'https://app.example/clients/123',
      context: { route: '/clients/:id', component: 'ClientForm' },
      breadcrumbs: [{ at: new Date().toISOString(), kind: 'click', text: 'Save' }],
    })),
  })

const countRows = async (client: pg.Client, session: string) =>
  Number(
    (await client.query('select count(*) as n from logs where session_id = $1', [session])).rows[0]
      .n,
  )

/** Rows per second stored through POST /api/logs/batch, counted in the table once flushed. */
const ingestRate = async (backend: Backend, owner: pg.Client, options: LoggingBenchOptions) => {
  const session = `bench-ingest-${randomBytes(4).toString('hex')}`
  const started = performance.now()
  const result = await autocannon({
    url: `${backend.url}/api/logs/batch`,
    method: 'POST',
    connections: options.connections,
    duration: options.duration,
    headers: { 'content-type': 'application/json' },
    body: batchBody(session),
  })
  if (result.non2xx + result.errors > 0)
    throw new Error(`ingestion: ${result.non2xx} non-2xx, ${result.errors} errors`)
  // Until the writer has stored everything it accepted: the time of the last count that grew.
  let rows = await countRows(owner, session)
  let storedAt = performance.now()
  for (;;) {
    await new Promise((resolve) => setTimeout(resolve, 250))
    const now = await countRows(owner, session)
    if (now === rows) break
    rows = now
    storedAt = performance.now()
  }
  const seconds = (storedAt - started) / 1000
  return { rowsPerSecond: rows / seconds, accepted: result.requests.total * 100, rows }
}

/** Rows per second of one `COPY logs FROM STDIN` (psql \copy) of `count` rows like the batches'. */
const copyRate = (databaseUrl: string, count: number) => {
  const file = join(workDir, 'logs-copy.csv')
  const now = new Date().toISOString()
  const context = JSON.stringify({
    route: '/clients/:id',
    component: 'ClientForm',
    breadcrumbs: [{ at: now, kind: 'click', text: 'Save' }],
  }).replaceAll('"', '""')
  const lines = Array.from(
    { length: count },
    (_, i) =>
      `${i % 10 === 0 ? 'ERROR' : 'INFO'},bench entry ${i}: clicked Save on /clients/123,${now},bench-copy,127.0.0.1,autocannon,https://app.example/clients/123,"${context}",browser`,
  )
  writeFileSync(file, `${lines.join('\n')}\n`)
  const started = performance.now()
  execFileSync('psql', [
    databaseUrl,
    '-qc',
    `\\copy logs (level, message, timestamp, session_id, ip_address, user_agent, url, context, source) from '${file}' with (format csv)`,
  ])
  return count / ((performance.now() - started) / 1000)
}

/**
 * The clients read's server CPU per request with the logging layer off, from the last run: the
 * layer-switches figure is set against it.
 */
export const measuredRead = { serverCpuUs: Number.NaN }

/** Runs both comparisons and prints them; returns the number of figures below their floor. */
export async function runLoggingBench(options: LoggingBenchOptions): Promise<number> {
  console.log('')
  console.log('logging layer (PostgreSQL, in-process cache, LOG_LEVEL=info)')
  const on = await startBackend(true)
  const off = await startBackend(false)
  const owner = new pg.Client({ connectionString: on.database.url() })
  await owner.connect()
  try {
    await readRate(on, { ...options, duration: 2 })
    await readRate(off, { ...options, duration: 2 })
    for (const backend of [on, off]) {
      if (!backend.wire) continue
      backend.wire.reset()
      const requests = (await readRate(backend, { ...options, duration: 2 })).total
      // Batched metric rows are written within a second: wait for them to be counted too.
      await new Promise((resolve) => setTimeout(resolve, 1500))
      const { total, roundTrips, byKind } = backend.wire.counts
      const top = [...byKind].sort((a, b) => b[1] - a[1]).slice(0, 8)
      console.log(
        `  logging ${backend === on ? 'on' : 'off'}: ${(total / requests).toFixed(2)} statements and ${(roundTrips / requests).toFixed(2)} round trips per request (${requests} requests)`,
      )
      for (const [kind, n] of top) console.log(`    ${(n / requests).toFixed(3)}  ${kind}`)
    }
    const onRuns: Awaited<ReturnType<typeof readRate>>[] = []
    const offRuns: typeof onRuns = []
    for (let round = 0; round < options.rounds; round++) {
      offRuns.push(await readRate(off, options))
      onRuns.push(await readRate(on, options))
    }
    const onRates = onRuns.map((r) => r.rate)
    const offRates = offRuns.map((r) => r.rate)
    const readRatio = median(onRates) / median(offRates)
    const cpu = (runs: typeof onRuns) => {
      const server = median(runs.map((r) => r.serverCpuUs))
      const postgres = median(runs.map((r) => r.postgresCpuUs))
      return { server, postgres, total: server + postgres }
    }
    const [cpuOn, cpuOff] = [cpu(onRuns), cpu(offRuns)]
    measuredRead.serverCpuUs = cpuOff.server
    const ingest: number[] = []
    const copies: number[] = []
    let stored = 0
    let accepted = 0
    // BENCH_LOGGING_READ_ONLY=1 skips ingestion: a CPU profile (BENCH_CPU_PROF_DIR) then shows the read alone.
    const ingestRounds = process.env.BENCH_LOGGING_READ_ONLY === '1' ? 0 : options.rounds
    for (let round = 0; round < ingestRounds; round++) {
      const measured = await ingestRate(on, owner, options)
      ingest.push(measured.rowsPerSecond)
      stored = measured.rows
      accepted = measured.accepted
      copies.push(copyRate(on.database.url(), Math.max(10_000, stored)))
    }
    const ingestRatio = median(ingest) / median(copies)
    const fmt = (n: number) => Math.round(n).toLocaleString('en-US')
    console.log(
      `GET /api/app/clients?page=1  logging on ${fmt(median(onRates))} req/s, off ${fmt(median(offRates))} req/s (medians of ${options.rounds}, ${options.connections} connections, ${options.duration} s)`,
    )
    console.log(`  ratio on/off ${readRatio.toFixed(2)} (must be >= 0.90)`)
    const us = (n: number) => (Number.isFinite(n) ? `${Math.round(n)} µs` : 'n/a')
    console.log(
      `  CPU per request (medians; steadier than req/s on a shared machine): server ${us(cpuOn.server)} on, ${us(cpuOff.server)} off; PostgreSQL ${us(cpuOn.postgres)} on, ${us(cpuOff.postgres)} off; total ratio off/on ${(cpuOff.total / cpuOn.total).toFixed(2)}`,
    )
    if (ingestRounds === 0) return readRatio < 0.9 ? 1 : 0
    console.log(
      `POST /api/logs/batch (100 entries)  ${fmt(median(ingest))} rows/s stored; raw COPY of the same rows ${fmt(median(copies))} rows/s (last round: ${fmt(accepted)} entries answered 202, ${fmt(stored)} rows stored; the rest dropped by the bounded queue)`,
    )
    console.log(`  ratio ingestion/COPY ${ingestRatio.toFixed(2)} (must be >= 0.25)`)
    return (readRatio < 0.9 ? 1 : 0) + (ingestRatio < 0.25 ? 1 : 0)
  } finally {
    await owner.end()
    await on.server.stop()
    await off.server.stop()
    await on.wire?.close()
    await off.wire?.close()
    await on.database.drop()
    await off.database.drop()
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  // `pnpm bench`'s options apply: `tsx bench/logging.ts --rounds 7 --duration 5`.
  runLoggingBench(readOptions())
    .then((failed) => (process.exitCode = failed > 0 ? 1 : 0))
    .catch((error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exitCode = 1
    })
    .finally(stopAll)
}

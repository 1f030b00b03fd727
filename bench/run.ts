// `pnpm bench [--duration 10] [--connections 50]`: throughput and latency of the full stack
// against a bare Hono hello-world measured in the same run. Not part of `npm test`.
import { type ChildProcess, spawn } from 'node:child_process'
import { openSync, mkdtempSync, rmSync } from 'node:fs'
import { createServer } from 'node:net'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { parseArgs } from 'node:util'
import autocannon from 'autocannon'

const root = resolve(import.meta.dirname, '..')
const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    connections: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '3' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const warmup = Number(values.warmup)
if (![duration, connections, warmup].every((n) => Number.isFinite(n) && n >= 0) || duration <= 0) {
  throw new Error('--duration, --connections and --warmup must be positive numbers')
}

const freePort = () =>
  new Promise<number>((ok, fail) => {
    const probe = createServer().listen(0, '127.0.0.1', () => {
      const address = probe.address()
      probe.close(() => (typeof address === 'object' && address ? ok(address.port) : fail()))
    })
  })

const children: ChildProcess[] = []
const workDir = mkdtempSync(join(tmpdir(), 'stratum-bench-'))

/** Starts a server in its own process with its output in a log file under the temp folder. */
const startServer = (name: string, entry: string, env: NodeJS.ProcessEnv) => {
  const logFile = join(workDir, `${name}.log`)
  const out = openSync(logFile, 'w')
  const child = spawn(join(root, 'node_modules', '.bin', 'tsx'), [entry], {
    cwd: root,
    env,
    stdio: ['ignore', out, out],
  })
  children.push(child)
  return { child, logFile }
}

const waitUntilReady = async (url: string, child: ChildProcess, logFile: string) => {
  const deadline = Date.now() + 120_000
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`server exited early; see ${logFile}`)
    try {
      if ((await fetch(url)).ok) return
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 200))
  }
  throw new Error(`${url} was not ready within 120 s; see ${logFile}`)
}

const measure = (url: string, seconds: number, conns: number) =>
  autocannon({ url, connections: conns, duration: seconds, pipelining: 1 })

const stopAll = () => {
  for (const child of children) if (child.exitCode === null) child.kill('SIGTERM')
}
process.on('exit', stopAll)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAll()
    process.exit(130)
  })
}

const main = async () => {
  const [barePort, backendPort] = [await freePort(), await freePort()]
  const baseEnv = { ...process.env }
  // Embedded defaults: production would demand SMTP_URL, so NODE_ENV stays at its default.
  for (const key of [
    'DATABASE_URL',
    'REDIS_URL',
    'SMTP_URL',
    'SPA_DIR',
    'NODE_ENV',
    'APP_SECRET',
  ]) {
    delete baseEnv[key]
  }

  const bare = startServer('bare', 'bench/bare-server.ts', { ...baseEnv, PORT: String(barePort) })
  const backend = startServer('backend', 'host-backend/src/main.ts', {
    ...baseEnv,
    HOST: '127.0.0.1',
    PORT: String(backendPort),
    DATA_DIR: join(workDir, 'data'),
    LOG_LEVEL: 'info',
    RATE_LIMIT_MAX: '1000000000',
  })
  const bareUrl = `http://127.0.0.1:${barePort}`
  const backendUrl = `http://127.0.0.1:${backendPort}`
  await Promise.all([
    waitUntilReady(`${bareUrl}/`, bare.child, bare.logFile),
    waitUntilReady(`${backendUrl}/health`, backend.child, backend.logFile),
  ])
  console.log(`bare hello-world: ${bareUrl} (tsx bench/bare-server.ts)`)
  console.log(
    `full stack:       ${backendUrl} (tsx host-backend/src/main.ts, NODE_ENV unset = development,`,
  )
  console.log(
    `                  embedded PGlite/cache/mailbox, LOG_LEVEL=info with stdout and stderr`,
  )
  console.log(`                  redirected to the file ${backend.logFile},`)
  console.log(`                  kept only if the run fails)`)
  console.log(
    `load: autocannon, ${connections} connections, ${duration} s per route after ${warmup} s warm-up, one route at a time`,
  )

  const targets = [
    { name: 'bare GET /', url: `${bareUrl}/` },
    { name: 'full GET /health', url: `${backendUrl}/health` },
    { name: 'full GET /api/core/layers', url: `${backendUrl}/api/core/layers` },
  ]
  const rows = []
  for (const target of targets) {
    if (warmup > 0) await measure(target.url, warmup, Math.min(connections, 10))
    const result = await measure(target.url, duration, connections)
    const problems = result.errors + result.timeouts + result.non2xx
    rows.push({ ...target, result, problems })
    process.stdout.write(
      `  measured ${target.name}: ${Math.round(result.requests.average)} req/s\n`,
    )
  }

  const baseline = rows[0]!.result.requests.average
  console.log('')
  console.log(
    [
      'route'.padEnd(28),
      'req/s'.padStart(9),
      'p50 ms'.padStart(8),
      'p99 ms'.padStart(8),
      'vs bare'.padStart(8),
      'errors'.padStart(7),
    ].join(' '),
  )
  for (const { name, result, problems } of rows) {
    console.log(
      [
        name.padEnd(28),
        Math.round(result.requests.average).toString().padStart(9),
        result.latency.p50.toFixed(1).padStart(8),
        result.latency.p99.toFixed(1).padStart(8),
        (result.requests.average / baseline).toFixed(2).padStart(8),
        String(problems).padStart(7),
      ].join(' '),
    )
  }
  const failed = rows.filter((row) => row.problems > 0)
  for (const { name, result } of failed) {
    console.error(
      `${name}: ${result.errors} errors, ${result.timeouts} timeouts, ${result.non2xx} non-2xx responses`,
    )
  }
  return failed.length > 0 ? 1 : 0
}

main()
  .then(
    (code) => (process.exitCode = code),
    (error: unknown) => {
      console.error(error instanceof Error ? error.message : error)
      process.exitCode = 1
    },
  )
  .finally(() => {
    stopAll()
    // Keep the logs of a failed run; the data folder is always removed.
    if (process.exitCode === 0) rmSync(workDir, { recursive: true, force: true })
    else rmSync(join(workDir, 'data'), { recursive: true, force: true })
  })

// `pnpm bench [--duration 10] [--connections 50] [--rounds 3]`: throughput, latency and CPU
// cost of the full stack (public routes and an authenticated read) against a bare Hono
// hello-world measured in the same run. Not part of `npm test`.
import { type ChildProcess, spawn } from 'node:child_process'
import { openSync, mkdtempSync, readFileSync, rmSync } from 'node:fs'
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
    rounds: { type: 'string', default: '3' },
  },
})
const duration = Number(values.duration)
const connections = Number(values.connections)
const warmup = Number(values.warmup)
const rounds = Number(values.rounds)
if (
  ![duration, connections, warmup, rounds].every((n) => Number.isFinite(n) && n >= 0) ||
  duration <= 0 ||
  rounds < 1
) {
  throw new Error('--duration, --connections, --warmup and --rounds must be positive numbers')
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
  // `node --import tsx`, not the tsx CLI, so the child is the server itself and its CPU time
  // (read from /proc) is the server's own.
  const child = spawn(process.execPath, ['--import', 'tsx', entry], {
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

const measure = (
  url: string,
  seconds: number,
  conns: number,
  headers: Record<string, string> = {},
) => autocannon({ url, connections: conns, duration: seconds, pipelining: 1, headers })

let signIns = 0
/**
 * Signs in the way a user does: asks for a code, reads it from the dev mailbox (the backend runs
 * on the embedded defaults) and exchanges it for a session.
 */
const signIn = async (baseUrl: string): Promise<{ token: string; expiresAt: number }> => {
  const email = `bench-${process.pid}-${signIns++}@example.test`
  const post = (path: string, body: unknown) =>
    fetch(`${baseUrl}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    })
  const requested = await post('/api/auth/request-otp', { email })
  if (requested.status !== 202)
    throw new Error(`request-otp answered ${requested.status}: ${await requested.text()}`)
  const mailbox = (await (await fetch(`${baseUrl}/api/core/dev/mailbox`)).json()) as {
    messages: Array<{ to: string; text: string }>
  }
  const mail = mailbox.messages.find((m) => m.to === email)
  const code = mail && /\b(\d{6})\b/.exec(mail.text)?.[1]
  if (!code) throw new Error(`no sign-in code for ${email} in the dev mailbox`)
  const verified = await post('/api/auth/verify-otp', { email, code })
  if (verified.status !== 200)
    throw new Error(`verify-otp answered ${verified.status}: ${await verified.text()}`)
  const session = (await verified.json()) as { accessToken: string; accessTokenExpiresAt: string }
  return { token: session.accessToken, expiresAt: Date.parse(session.accessTokenExpiresAt) }
}

/**
 * CPU seconds (user + system, all threads) a process has used, from `/proc/<pid>/stat`; undefined
 * where there is no `/proc`. Fields 14 and 15 count clock ticks, 100 per second on Linux.
 */
const cpuSeconds = (pid: number | undefined): number | undefined => {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')
    return (Number(fields[11]) + Number(fields[12])) / 100
  } catch {
    return undefined
  }
}

const median = (numbers: number[]) => {
  const sorted = [...numbers].sort((a, b) => a - b)
  const mid = Math.floor(sorted.length / 2)
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2
}

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
  console.log(`bare hello-world: ${bareUrl} (node --import tsx bench/bare-server.ts)`)
  console.log(
    `full stack:       ${backendUrl} (node --import tsx host-backend/src/main.ts, NODE_ENV unset,`,
  )
  console.log(
    `                  embedded PGlite/cache/mailbox, LOG_LEVEL=info with stdout and stderr`,
  )
  console.log(`                  redirected to the file ${backend.logFile},`)
  console.log(`                  kept only if the run fails)`)
  console.log(
    `load: autocannon, ${connections} connections, ${duration} s per route after ${warmup} s warm-up, one route at a time`,
  )

  console.log(
    `rounds: ${rounds}, each measuring every route in turn; medians are reported, so drift on a shared machine hits both sides alike`,
  )
  console.log(
    'GET /api/auth/me carries the Bearer token of a user signed in through request-otp, the dev mailbox and verify-otp',
  )

  // Access tokens live 15 minutes: a new sign-in whenever one would expire during a measurement.
  let session = await signIn(backendUrl)
  const bearer = async (seconds: number) => {
    if (session.expiresAt - Date.now() < (seconds + 30) * 1000) session = await signIn(backendUrl)
    return { authorization: `Bearer ${session.token}` }
  }
  const targets: Array<{
    name: string
    url: string
    child: ChildProcess
    headers?: (seconds: number) => Promise<Record<string, string>>
  }> = [
    { name: 'bare GET /', url: `${bareUrl}/`, child: bare.child },
    { name: 'full GET /health', url: `${backendUrl}/health`, child: backend.child },
    {
      name: 'full GET /api/core/layers',
      url: `${backendUrl}/api/core/layers`,
      child: backend.child,
    },
    {
      name: 'full GET /api/auth/me',
      url: `${backendUrl}/api/auth/me`,
      child: backend.child,
      headers: bearer,
    },
  ]
  const runs = targets.map(() => [] as Array<{ result: autocannon.Result; cpuPerRequest?: number }>)
  for (const target of targets) {
    if (warmup > 0)
      await measure(target.url, warmup, Math.min(connections, 10), await target.headers?.(warmup))
  }
  for (let round = 1; round <= rounds; round++) {
    for (const [index, target] of targets.entries()) {
      const headers = await target.headers?.(duration)
      const cpuBefore = cpuSeconds(target.child.pid)
      const result = await measure(target.url, duration, connections, headers)
      const cpuAfter = cpuSeconds(target.child.pid)
      const cpuPerRequest =
        cpuBefore === undefined || cpuAfter === undefined || result.requests.total === 0
          ? undefined
          : ((cpuAfter - cpuBefore) * 1e6) / result.requests.total
      runs[index]!.push({ result, cpuPerRequest })
      process.stdout.write(
        `  round ${round}: ${target.name}: ${Math.round(result.requests.average)} req/s${cpuPerRequest === undefined ? '' : `, ${cpuPerRequest.toFixed(1)} µs CPU per request`}\n`,
      )
    }
  }

  const rows = targets.map((target, index) => {
    const measured = runs[index]!
    const rps = median(measured.map((m) => m.result.requests.average))
    // Latency of the round whose throughput is closest to the median.
    const typical = measured.reduce((best, m) =>
      Math.abs(m.result.requests.average - rps) < Math.abs(best.result.requests.average - rps)
        ? m
        : best,
    )
    const cpu = measured.every((m) => m.cpuPerRequest !== undefined)
      ? median(measured.map((m) => m.cpuPerRequest!))
      : undefined
    const problems = measured.reduce(
      (sum, m) => sum + m.result.errors + m.result.timeouts + m.result.non2xx,
      0,
    )
    return { ...target, rps, cpu, latency: typical.result.latency, measured, problems }
  })

  const baseline = rows[0]!
  console.log('')
  console.log(
    [
      'route'.padEnd(28),
      'req/s'.padStart(9),
      'p50 ms'.padStart(8),
      'p99 ms'.padStart(8),
      'vs bare'.padStart(8),
      'CPU µs/req'.padStart(11),
      'bare/this'.padStart(10),
      'errors'.padStart(7),
    ].join(' '),
  )
  for (const row of rows) {
    console.log(
      [
        row.name.padEnd(28),
        Math.round(row.rps).toString().padStart(9),
        row.latency.p50.toFixed(1).padStart(8),
        row.latency.p99.toFixed(1).padStart(8),
        (row.rps / baseline.rps).toFixed(2).padStart(8),
        (row.cpu === undefined ? 'n/a' : row.cpu.toFixed(1)).padStart(11),
        (row.cpu === undefined || baseline.cpu === undefined
          ? 'n/a'
          : (baseline.cpu / row.cpu).toFixed(2)
        ).padStart(10),
        String(row.problems).padStart(7),
      ].join(' '),
    )
  }
  console.log('')
  console.log(
    'req/s and latency: median of the rounds. "vs bare": requests/s over the baseline\'s.',
  )
  console.log(
    'CPU µs/req: the server process\'s user + system CPU time per request (median); "bare/this"',
  )
  console.log(
    "is the baseline's CPU cost over this route's, the same ratio with the load generator's share",
  )
  console.log('of the machine taken out.')
  const failed = rows.filter((row) => row.problems > 0)
  for (const { name, measured } of failed) {
    const sum = (pick: (r: autocannon.Result) => number) =>
      measured.reduce((total, m) => total + pick(m.result), 0)
    console.error(
      `${name}: ${sum((r) => r.errors)} errors, ${sum((r) => r.timeouts)} timeouts, ${sum((r) => r.non2xx)} non-2xx responses`,
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

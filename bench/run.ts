// `pnpm bench [--duration 8] [--connections 50] [--rounds 3] [--warmup 3] [--count 2000]
// [--profiles embedded,postgres]`: throughput, latency and CPU cost of the full stack (public
// routes, an authenticated read and a tenant's client list) against a bare Hono hello-world
// measured in the same run, on the embedded defaults and on PostgreSQL + Redis, with the
// PostgreSQL statements and Redis commands per request counted on the wire. Not part of `npm test`.
// `--steps login-page` runs only the login page step (login-page.ts); `--steps server` skips it.
import { rmSync } from 'node:fs'
import { join } from 'node:path'
import { runLayerSwitchesBench } from './layer-switches.ts'
import { measuredRead, runLoggingBench } from './logging.ts'
import { runLoginPage } from './login-page.ts'
import { readOptions } from './options.ts'
import { translationsStep } from './translations.ts'
import { runProfile, type ProfileResult } from './profiles.ts'
import { freePort, startServer, stopAll, waitUntilReady, workDir } from './processes.ts'
import { describeProblems, printCounts, printLegend, printTable } from './report.ts'

process.on('exit', stopAll)
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    stopAll()
    process.exit(130)
  })
}

const TITLES = {
  embedded:
    'embedded: PGlite, in-process cache, dev mailbox (no DATABASE_URL, REDIS_URL, SMTP_URL)',
  postgres: 'postgres: PostgreSQL 127.0.0.1:5432 (a fresh database) + Redis 127.0.0.1:6379',
} as const

const main = async () => {
  const options = readOptions()
  if (!options.steps.includes('server')) return runLoginPage()
  const { duration, connections, warmup, rounds, countRequests } = options
  const barePort = await freePort()
  const bareServer = startServer('bare', 'bench/bare-server.ts', {
    ...process.env,
    PORT: String(barePort),
  })
  const bareUrl = `http://127.0.0.1:${barePort}`
  await waitUntilReady(`${bareUrl}/`, bareServer)
  const bare = { name: 'bare GET /', url: `${bareUrl}/`, child: bareServer.child }

  console.log(`bare hello-world: ${bareUrl} (node --import tsx bench/bare-server.ts)`)
  console.log(
    'full stack: node --import tsx host-backend/src/main.ts, NODE_ENV=development, LOG_LEVEL=info,',
  )
  console.log('            stdout and stderr redirected to a log file; one backend per profile')
  console.log(
    `load: autocannon, ${connections} connections, ${duration} s per route after ${warmup} s warm-up, one route at a time`,
  )
  console.log(
    `rounds: ${rounds} per profile, each measuring every route in turn, bare included; medians are reported`,
  )
  console.log(
    'signed-in routes carry the Bearer token of a user signed in through request-otp, the dev mailbox and verify-otp;',
  )
  console.log(
    'the clients list is page 1 (25 of 50) of a tenant the superadmin created and the user administers',
  )

  const results: Array<[keyof typeof TITLES, ProfileResult]> = []
  for (const profile of options.profiles) {
    console.log('')
    console.log(`profile ${profile}`)
    results.push([profile, await runProfile(profile, { ...options, bare })])
  }

  console.log('')
  await translationsStep(options)
  for (const [profile, result] of results) printTable(TITLES[profile], result.rows)
  printLegend()
  for (const [profile, result] of results) {
    if (!result.counts) {
      console.log('')
      console.log(`${profile}: PGlite and the cache run inside the server; no wire to count on.`)
      continue
    }
    console.log('')
    for (const line of [
      'Counted on the wire (not timed): a second postgres backend, on the same database and Redis',
      'prefix, reaches them through proxies in this process. A PostgreSQL query is a simple-query',
      "message ('Q', which may hold several statements, such as `begin; select set_config(...)`)",
      "or an Execute ('E'); a round trip ends at a 'Q' or a Sync. A Redis command is one RESP array.",
      `Per route: ${connections} connections, 500 requests to warm up, then ${countRequests} counted; the counts are`,
      'divided by those requests, so work done once a second (the session revocation check) is shared out.',
    ])
      console.log(line)
    printCounts(result.counts)
  }

  const loggingBelow = options.profiles.includes('postgres') ? await runLoggingBench(options) : 0
  const switchesAbove = await runLayerSwitchesBench(measuredRead.serverCpuUs)
  const failed = results.flatMap(([profile, result]) =>
    result.rows
      .filter((row) => row.problems > 0)
      .map((row) => ({ ...row, name: `${profile} ${row.name}` })),
  )
  for (const row of failed)
    console.error(
      describeProblems(
        row.name,
        row.measured.map((m) => m.result),
      ),
    )
  const loginPage = options.steps.includes('login-page') ? await runLoginPage() : 0
  return failed.length + loggingBelow + switchesAbove > 0 || loginPage !== 0 ? 1 : 0
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

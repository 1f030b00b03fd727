// `pnpm stack:prod [--https-port 8443] [--http-port 8080] [--fresh]`: the production topology on
// this machine. nginx (gateway/nginx.prod.conf) over TLS with a self-signed certificate, two
// backend replicas with NODE_ENV=production on the local PostgreSQL and Redis, and the built SPA.
// Ctrl-C (or SIGTERM) stops it: nginx quits gracefully, the replicas drain.
// The database `stratum_stack_prod`, the Redis keys under `stratum:stack-prod:` and the
// certificate in .data/stack-prod are kept between runs; --fresh starts from an empty database.
import { randomBytes } from 'node:crypto'
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { parseArgs } from 'node:util'
import { bold, cyan, dim, green, red, say, yellow } from './lib/log.mjs'
import { ensureDependencies } from './lib/pnpm.mjs'
import { buildSpa } from './lib/spa.mjs'
import { StackToolMissingError, startStack } from './lib/stack.mjs'
import { deleteCacheKeys, ensureDatabase } from './lib/stack-services.mjs'
import { ROOT } from './lib/workspace.mjs'

const { values } = parseArgs({
  options: {
    'https-port': { type: 'string', default: '8443' },
    'http-port': { type: 'string', default: '8080' },
    fresh: { type: 'boolean', default: false },
  },
})
const httpsPort = Number(values['https-port'])
const httpPort = Number(values['http-port'])
if (![httpsPort, httpPort].every((p) => Number.isInteger(p) && p > 0 && p < 65536)) {
  throw new Error('--https-port and --http-port must be port numbers')
}

const STATE_DIR = join(ROOT, '.data', 'stack-prod')
const DATABASE = 'stratum_stack_prod'
const CACHE_PREFIX = 'stratum:stack-prod:'
const ADMIN_URL =
  process.env.STRATUM_STACK_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const REDIS_URL = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379'
// Settings a caller may pass on to the replicas; the stack sets the rest.
const PASSED_ON = [
  'LOG_LEVEL',
  'MAIL_FROM',
  'SUPERADMIN_EMAILS',
  'DEFAULT_THEME',
  'RATE_LIMIT_MAX',
  'RATE_LIMIT_WINDOW_MS',
  'BODY_LIMIT_BYTES',
  'SHUTDOWN_DRAIN_DELAY_MS',
  'SHUTDOWN_TIMEOUT_MS',
]

/** Kept in the state folder, so sessions survive a restart of the stack. */
const appSecret = () => {
  const file = join(STATE_DIR, 'app-secret')
  if (existsSync(file)) return readFileSync(file, 'utf8').trim()
  const secret = randomBytes(36).toString('base64url')
  writeFileSync(file, `${secret}\n`, { mode: 0o600 })
  return secret
}

const printMail = (mail) => {
  const to = [mail.to]
    .flat()
    .map((a) => a?.text)
    .filter(Boolean)
    .join(', ')
  say(`${cyan('mail')} to ${to}: ${bold(mail.subject ?? '')}`)
  for (const line of (mail.text ?? '').trim().split('\n')) console.log(dim(`  │ ${line}`))
}

const summarise = (report) => {
  const exits = [
    ['nginx', report.gateway],
    ...report.backends.map((b) => [`backend ${b.index}`, b]),
  ]
  for (const [name, exit] of exits) {
    const how = exit?.forced
      ? red('killed after the grace period')
      : exit?.signal
        ? yellow(`ended by ${exit.signal}`)
        : `exit ${exit?.code}`
    say(`${name}: ${how}`)
  }
  for (const error of report.errors) say(red(error))
  const clean = exits.every(([, exit]) => exit && exit.code === 0 && !exit.forced)
  return clean && report.errors.length === 0
}

let stack
let stopRequested
let stopping = false
const stop = async (why) => {
  // Asked to stop while starting: the stack stops as soon as startStack hands it over.
  if (!stack) {
    stopRequested ??= why
    return
  }
  if (stopping) return
  stopping = true
  say(`stopping (${why}): nginx quits, then the replicas drain`)
  process.exitCode = summarise(await stack.stop()) ? 0 : 1
}
// From the start: a signal that arrived while the replicas boot must not kill this process and
// leave them (in their own process groups) running.
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(signal))
// Started under `sh -c` (pnpm), a SIGTERM may end only the shell: re-parented means stop.
const parent = process.ppid
setInterval(() => process.ppid !== parent && void stop('parent exited'), 500).unref()

const main = async () => {
  await ensureDependencies()
  await buildSpa({ force: false })
  if (stopRequested) return say(`stopped (${stopRequested}) before starting`)
  mkdirSync(STATE_DIR, { recursive: true })
  if (values.fresh) {
    await (await ensureDatabase(ADMIN_URL, DATABASE)).drop()
    await deleteCacheKeys(REDIS_URL, CACHE_PREFIX)
    say(`fresh: dropped ${DATABASE} and the Redis keys under ${CACHE_PREFIX}`)
  }
  const env = Object.fromEntries(
    PASSED_ON.filter((key) => process.env[key]).map((key) => [key, process.env[key]]),
  )
  stack = await startStack({
    stateDir: STATE_DIR,
    httpsPort,
    httpPort,
    databaseName: DATABASE,
    postgresAdminUrl: ADMIN_URL,
    redisUrl: REDIS_URL,
    cachePrefix: CACHE_PREFIX,
    smtpUrl: process.env.SMTP_URL || undefined,
    appSecret: appSecret(),
    keepData: true,
    env,
    onMail: printMail,
    log: (line) => say(line),
  })

  say(
    green(`running at ${bold(stack.origin)}`) + dim(` (and ${stack.httpOrigin}, which redirects)`),
  )
  say(
    dim(
      `themes: https://client-a.localhost:${httpsPort}/ …; the certificate is self-signed: ${join(STATE_DIR, 'tls', 'cert.pem')}`,
    ),
  )
  say(
    dim(
      `replicas: ${stack.backends.map((b) => b.url).join(', ')}; mail: ${stack.smtp ? 'printed here' : 'SMTP_URL'}`,
    ),
  )
  say(dim(`logs: ${stack.logDir}; Ctrl-C stops everything`))
  if (stopRequested) return stop(stopRequested)

  void stack.gateway.proc.exited.then(({ code, signal }) => {
    if (!stopping)
      void stop(`nginx exited unexpectedly (${signal ?? code}); see ${stack.logDir}/nginx.log`)
  })
  for (const backend of stack.backends) {
    void backend.proc.exited.then(({ code, signal }) => {
      if (!stopping)
        say(
          yellow(
            `backend ${backend.index} exited (${signal ?? code}); the other replica serves. See ${stack.logDir}/backend-${backend.index}.log`,
          ),
        )
    })
  }
}

main().catch((error) => {
  const hint =
    error instanceof StackToolMissingError
      ? ' Install it with apt-get install nginx (or run .ci/run).'
      : ''
  console.error(`${bold(red('stack:prod failed:'))} ${error.message}${hint}`)
  process.exitCode = 1
})

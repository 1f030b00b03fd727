// The local production topology, as `pnpm stack:prod` runs it and as the topology tests run it:
// nginx with gateway/nginx.prod.conf over TLS, two backend replicas with NODE_ENV=production on
// the real PostgreSQL and Redis, a database of its own, and real SMTP.
import { randomBytes } from 'node:crypto'
import {
  chmodSync,
  cpSync,
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  writeFileSync,
} from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { startBackend } from './stack-backend.mjs'
import { PROD_CONFIG, findNginx, renderGatewayConfig, startGateway } from './stack-gateway.mjs'
import {
  assertPortFree,
  deleteCacheKeys,
  ensureDatabase,
  freePort,
  startSmtpServer,
} from './stack-services.mjs'
import { certificateNames, ensureCertificate } from './stack-tls.mjs'
import { SPA_DIR } from './spa.mjs'
import { ROOT } from './workspace.mjs'

/** Thrown when a tool the stack runs on is missing; tests skip on it, the CLI prints it. */
export class StackToolMissingError extends Error {}

const DEFAULT_ADMIN_URL = 'postgres://postgres@127.0.0.1:5432/postgres'
const DEFAULT_REDIS_URL = 'redis://127.0.0.1:6379'

const themeNames = () =>
  readdirSync(join(ROOT, 'themes'), { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && /^[a-z0-9-]+$/.test(entry.name))
    .map((entry) => entry.name)

/** A given port that must be free, or a free one not handed out already (`taken`). */
const port = async (given, what, taken) => {
  if (given) await assertPortFree(given, what)
  let chosen = given
  while (!chosen || (!given && taken.has(chosen))) chosen = await freePort()
  taken.add(chosen)
  return chosen
}

/** nginx workers run as an unprivileged user when the master is root: they must read the SPA. */
const publish = (from, to) => {
  if (!existsSync(join(from, 'index.html'))) {
    throw new Error(`${from} has no index.html: build the SPA first (pnpm build).`)
  }
  rmSync(to, { recursive: true, force: true })
  cpSync(from, to, { recursive: true })
  const open = (dir) => {
    chmodSync(dir, 0o755)
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) open(join(dir, entry.name))
      else chmodSync(join(dir, entry.name), 0o644)
    }
  }
  open(to)
}

/**
 * Starts the stack; see scripts/lib/stack.d.mts for the options and the handle. Everything
 * started before a failure is stopped again before the error is rethrown.
 */
export const startStack = async (options = {}) => {
  const nginx = options.nginx ?? findNginx()
  if (!nginx) throw new StackToolMissingError('nginx is not installed (.ci/run installs it).')
  const replicas = options.replicas ?? 2
  const keepData = options.keepData ?? false
  const log = options.log ?? (() => {})
  const cleanups = []
  const report = { gateway: undefined, backends: [], errors: [] }

  const stop = async () => {
    for (const cleanup of cleanups.reverse()) {
      try {
        await cleanup()
      } catch (error) {
        report.errors.push(error instanceof Error ? error.message : String(error))
      }
    }
    cleanups.length = 0
    return report
  }
  let stopping
  const stopOnce = () => (stopping ??= stop())

  try {
    const temporary = !options.stateDir
    const stateDir = options.stateDir ?? mkdtempSync(join(tmpdir(), 'stratum-stack-'))
    mkdirSync(stateDir, { recursive: true })
    chmodSync(stateDir, 0o755)
    if (temporary) cleanups.push(() => rmSync(stateDir, { recursive: true, force: true }))
    const logDir = join(stateDir, 'logs')
    mkdirSync(logDir, { recursive: true })
    for (const file of readdirSync(logDir)) rmSync(join(logDir, file), { force: true })

    const taken = new Set()
    const httpsPort = await port(options.httpsPort, 'https', taken)
    const httpPort = await port(options.httpPort, 'http', taken)
    const backendPorts = []
    for (let i = 0; i < replicas; i++)
      backendPorts.push(await port(options.backendPorts?.[i], `backend ${i + 1}`, taken))

    const themes = themeNames()
    const tls = ensureCertificate(join(stateDir, 'tls'), certificateNames(themes))
    const htmlDir = join(stateDir, 'html')
    publish(options.spaDir ?? SPA_DIR, htmlDir)
    log(`tls: ${tls.reused ? 'kept' : 'created'} ${tls.certFile}`)

    const adminUrl = options.postgresAdminUrl ?? DEFAULT_ADMIN_URL
    const databaseName = options.databaseName ?? `stratum_stack_${randomBytes(5).toString('hex')}`
    const database = await ensureDatabase(adminUrl, databaseName)
    if (!keepData) cleanups.push(() => database.drop())
    log(`database: ${database.created ? 'created' : 'kept'} ${database.name}`)

    const smtp = options.smtpUrl ? undefined : await startSmtpServer({ onMail: options.onMail })
    if (smtp) cleanups.push(() => smtp.close())

    const redisUrl = options.redisUrl ?? DEFAULT_REDIS_URL
    const cachePrefix = options.cachePrefix ?? `stratum:stack-${randomBytes(5).toString('hex')}:`
    if (!/^[A-Za-z0-9:_-]+$/.test(cachePrefix))
      throw new Error(`Invalid cache prefix '${cachePrefix}'.`)
    if (!keepData) cleanups.push(() => deleteCacheKeys(redisUrl, cachePrefix))

    const origins = ['localhost', '127.0.0.1', ...themes.map((theme) => `${theme}.localhost`)]
    const env = {
      PATH: process.env.PATH ?? '',
      HOME: process.env.HOME ?? '',
      NODE_ENV: 'production',
      LOG_LEVEL: 'info',
      APP_SECRET: options.appSecret ?? randomBytes(36).toString('base64url'),
      PUBLIC_ORIGINS: origins.map((host) => `https://${host}:${httpsPort}`).join(','),
      // Only the gateway forwards; on this machine it reaches the replicas from 127.0.0.1.
      TRUSTED_PROXIES: '127.0.0.1',
      DATABASE_URL: database.url,
      REDIS_URL: redisUrl,
      SMTP_URL: options.smtpUrl ?? smtp.url,
      CACHE_PREFIX: cachePrefix,
      DATA_DIR: join(stateDir, 'data'),
      ...options.env,
    }
    // A replica drains for SHUTDOWN_DRAIN_DELAY_MS (5 s in production), then waits up to
    // SHUTDOWN_TIMEOUT_MS for in-flight requests.
    const shutdownGraceMs =
      Number(env.SHUTDOWN_DRAIN_DELAY_MS ?? 5_000) +
      Number(env.SHUTDOWN_TIMEOUT_MS ?? 10_000) +
      5_000

    const backends = []
    const startReplica = async (index) => {
      const backend = await startBackend({
        index,
        port: backendPorts[index - 1],
        env,
        logFile: join(logDir, `backend-${index}.log`),
      })
      backends[index - 1] = backend
      return backend
    }
    cleanups.push(async () => {
      const exits = await Promise.all(
        backends.filter(Boolean).map(async (backend) => ({
          index: backend.index,
          ...(await backend.stop(shutdownGraceMs)),
        })),
      )
      report.backends.push(...exits)
    })
    // Together: the migrations serialise on PostgreSQL advisory locks.
    await Promise.all(backendPorts.map((_, i) => startReplica(i + 1)))
    log(`backends: ${backends.map((b) => b.url).join(', ')}`)

    const confFile = join(stateDir, 'nginx.conf')
    const template = readFileSync(PROD_CONFIG, 'utf8')
    writeFileSync(
      confFile,
      renderGatewayConfig(template, {
        stateDir,
        htmlDir,
        httpsPort,
        httpPort,
        backendPorts,
        certFile: tls.certFile,
        keyFile: tls.keyFile,
      }),
    )
    const gateway = await startGateway({
      nginx,
      confFile,
      stateDir,
      httpPort,
      logFile: join(logDir, 'nginx.log'),
    })
    cleanups.push(async () => {
      report.gateway = await gateway.stop()
    })

    return {
      origin: `https://localhost:${httpsPort}`,
      httpOrigin: `http://localhost:${httpPort}`,
      httpsPort,
      httpPort,
      ca: tls.pem,
      stateDir,
      logDir,
      database: { name: database.name, url: database.url },
      redisUrl,
      cachePrefix,
      env,
      smtp,
      gateway,
      backends,
      /** Starts replica `index` (1-based) again on its port, after it exited. */
      restartBackend: async (index) => {
        if (backends[index - 1]?.proc.isRunning())
          throw new Error(`backend ${index} is still running`)
        return startReplica(index)
      },
      stop: stopOnce,
    }
  } catch (error) {
    await stopOnce()
    throw error
  }
}

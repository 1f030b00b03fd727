// One backend replica of the local production stack: host-backend/src/main.ts in its own process.
import { get } from 'node:http'
import { join } from 'node:path'
import { spawnLogged, stopProcess, waitUntil } from './stack-process.mjs'
import { ROOT } from './workspace.mjs'

const ENTRY = join('host-backend', 'src', 'main.ts')

const ready = (port) =>
  new Promise((resolve) => {
    const req = get({ host: '127.0.0.1', port, path: '/health/ready', timeout: 2000 }, (res) => {
      res.resume()
      resolve(res.statusCode === 200)
    })
    req.once('error', () => resolve(false))
    req.once('timeout', () => req.destroy())
  })

/**
 * Starts replica `index` on 127.0.0.1:`port` and resolves once `/health/ready` answers 200 (its
 * migrations ran and PostgreSQL and Redis answer). Node loads tsx as a loader (`--import tsx`)
 * instead of through the tsx CLI: one process, so SIGKILL kills the server itself and SIGTERM
 * reaches it exactly once.
 */
export const startBackend = async ({ index, port, env, logFile, timeoutMs = 60_000 }) => {
  const proc = spawnLogged(
    `backend ${index}`,
    process.execPath,
    ['--import', 'tsx', '--enable-source-maps', ENTRY],
    { cwd: ROOT, env: { ...env, HOST: '127.0.0.1', PORT: String(port) }, logFile },
  )
  await waitUntil(proc, 'readiness on /health/ready', () => ready(port), timeoutMs)
  return {
    index,
    port,
    url: `http://127.0.0.1:${port}`,
    proc,
    pid: proc.pid,
    /**
     * SIGTERM: the backend stops accepting, finishes in-flight requests and exits 0. SIGKILL
     * after `graceMs`.
     */
    stop: (graceMs) => stopProcess(proc, 'SIGTERM', graceMs),
  }
}

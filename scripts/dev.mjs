// `pnpm dev`: Vite dev server (5173) and the backend in watch mode (3000), with prefixed output.
// Ctrl-C stops both; if either exits on its own, the other is stopped too.
import { join } from 'node:path'
import { createInterface } from 'node:readline'
import { bold, cyan, red, say, yellow } from './lib/log.mjs'
import { ensureDependencies } from './lib/pnpm.mjs'
import { CommandError, pathWithBins, supervise } from './lib/proc.mjs'
import { ROOT, bin } from './lib/workspace.mjs'

const FRONTEND = join(ROOT, 'host-frontend')

const prefixLines = (stream, prefix, target) => {
  createInterface({ input: stream }).on('line', (line) => target.write(`${prefix} ${line}\n`))
}

const start = (name, colour, command, args, options) => {
  const proc = supervise(command, args, { ...options, stdio: ['ignore', 'pipe', 'pipe'] })
  const prefix = colour(name.padEnd(4))
  prefixLines(proc.child.stdout, prefix, process.stdout)
  prefixLines(proc.child.stderr, prefix, process.stderr)
  return { name, ...proc }
}

try {
  await ensureDependencies()
  const env = {
    ...process.env,
    // Vite colours its output only for a TTY; keep colours when we are on one.
    FORCE_COLOR: process.stdout.isTTY ? '1' : (process.env.FORCE_COLOR ?? '0'),
    PATH: pathWithBins(join(FRONTEND, 'node_modules', '.bin'), join(ROOT, 'node_modules', '.bin')),
    // Vite's /api proxy follows the backend when PORT moves it.
    BACKEND_PORT: process.env.BACKEND_PORT ?? process.env.PORT ?? '3000',
  }
  const children = [
    start('web', cyan, 'vite', ['--port', '5173', '--strictPort'], { cwd: FRONTEND, env }),
    start(
      'api',
      yellow,
      bin('tsx'),
      ['watch', '--clear-screen=false', 'host-backend/src/main.ts'],
      {
        cwd: ROOT,
        env,
      },
    ),
  ]
  say(
    `web http://127.0.0.1:5173 (Vite)   api http://127.0.0.1:${env.BACKEND_PORT} (backend)   Ctrl-C stops both`,
  )
  let stopping = false
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'])
    process.once(signal, () => (stopping = true))
  const codes = await Promise.all(
    children.map(async ({ name, exited }) => {
      const code = await exited
      if (!stopping) {
        stopping = true
        say(`${name} exited with code ${code}; stopping the others`)
        for (const other of children) other.stop('SIGTERM')
      }
      return code
    }),
  )
  process.exitCode = codes.find((code) => code !== 0 && code !== 130 && code !== 143) ?? 0
} catch (error) {
  console.error(`${bold(red('dev failed:'))} ${error.message}`)
  process.exitCode = error instanceof CommandError ? error.exitCode : 1
}

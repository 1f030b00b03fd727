// `npm start`: install dependencies if needed, build the SPA if needed, then run the backend.
// Built-ins only: this runs on a fresh machine before anything is installed.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { performance } from 'node:perf_hooks'
import { bold, dim, red, say, since } from './lib/log.mjs'
import { ensureDependencies } from './lib/pnpm.mjs'
import { CommandError, supervise } from './lib/proc.mjs'
import { SPA_DIR, buildSpa } from './lib/spa.mjs'
import { ROOT, bin } from './lib/workspace.mjs'

const BACKEND_ENTRY = join('host-backend', 'src', 'main.ts')

const main = async () => {
  const start = performance.now()
  await ensureDependencies()
  await buildSpa({ force: false })
  if (!existsSync(join(ROOT, BACKEND_ENTRY))) throw new Error(`${BACKEND_ENTRY} does not exist`)
  say(`backend: tsx ${BACKEND_ENTRY} ${dim(`(ready to start after ${since(start)})`)}`)
  const { exited } = supervise(bin('tsx'), [BACKEND_ENTRY], {
    cwd: ROOT,
    env: { ...process.env, SPA_DIR: process.env.SPA_DIR ?? SPA_DIR },
  })
  process.exitCode = await exited
}

main().catch((error) => {
  console.error(`${bold(red('npm start failed:'))} ${error.message}`)
  process.exitCode = error instanceof CommandError ? error.exitCode : 1
})

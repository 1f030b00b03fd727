// `npm start`: install dependencies if needed, build the SPA and the backend if needed, then run
// the compiled backend with plain node.
// Built-ins only: this runs on a fresh machine before anything is installed (esbuild is imported
// by the backend build, after the install).
import { relative } from 'node:path'
import { performance } from 'node:perf_hooks'
import { buildBackend } from './lib/backend.mjs'
import { bold, dim, red, say, since } from './lib/log.mjs'
import { ensureDependencies } from './lib/pnpm.mjs'
import { CommandError, supervise } from './lib/proc.mjs'
import { SPA_DIR, buildSpa } from './lib/spa.mjs'
import { ROOT } from './lib/workspace.mjs'

const main = async () => {
  const start = performance.now()
  await ensureDependencies()
  await buildSpa({ force: false })
  const entry = relative(ROOT, await buildBackend({ force: false }))
  say(`backend: node ${entry} ${dim(`(ready to start after ${since(start)})`)}`)
  const { exited } = supervise(process.execPath, [entry], {
    cwd: ROOT,
    env: { ...process.env, SPA_DIR: process.env.SPA_DIR ?? SPA_DIR },
  })
  process.exitCode = await exited
}

main().catch((error) => {
  console.error(`${bold(red('npm start failed:'))} ${error.message}`)
  process.exitCode = error instanceof CommandError ? error.exitCode : 1
})

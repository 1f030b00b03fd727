// `pnpm build`: builds the SPA into host-frontend/dist and the backend into host-backend/dist
// (always, ignoring the stored hashes).
import { buildBackend } from './lib/backend.mjs'
import { bold, red } from './lib/log.mjs'
import { ensureDependencies } from './lib/pnpm.mjs'
import { CommandError } from './lib/proc.mjs'
import { buildSpa } from './lib/spa.mjs'

try {
  await ensureDependencies()
  await buildSpa({ force: true })
  await buildBackend({ force: true })
} catch (error) {
  console.error(`${bold(red('build failed:'))} ${error.message}`)
  process.exitCode = error instanceof CommandError ? error.exitCode : 1
}

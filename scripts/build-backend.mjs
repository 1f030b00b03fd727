// `pnpm build:backend`: compiles the backend into host-backend/dist (always, ignoring the stored
// hash). The Dockerfile's build stage runs it; `npm start` and `pnpm build` build it too.
import { buildBackend } from './lib/backend.mjs'
import { bold, red } from './lib/log.mjs'

try {
  await buildBackend({ force: true })
} catch (error) {
  console.error(`${bold(red('backend build failed:'))} ${error.message}`)
  process.exitCode = 1
}

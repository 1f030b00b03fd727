// Builds the SPA with Vite, and skips the build when the client sources have not changed.
import { existsSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashFiles, listFiles, readStoredHash } from './hash.mjs'
import { step } from './log.mjs'
import { pathWithBins, run } from './proc.mjs'
import { ROOT } from './workspace.mjs'

const FRONTEND = join(ROOT, 'host-frontend')

/** Folder the SPA is built into and served from. */
export const SPA_DIR = join(FRONTEND, 'dist')
const HASH_FILE = join(SPA_DIR, '.stratum-build-hash')

// Everything the client bundle is made of. `listFiles` skips node_modules and dist.
const CLIENT_INPUTS = [
  'host-frontend',
  'layers/*/src/client',
  'layers/*/src/shared',
  'layers/*/package.json',
  'themes',
  'layers.config.ts',
  'pnpm-lock.yaml',
  'tsconfig.base.json',
  'tsconfig.client.json',
]

/** Content hash of the client sources. */
export const clientHash = () => hashFiles(ROOT, listFiles(ROOT, CLIENT_INPUTS))

/**
 * Builds the SPA into `host-frontend/dist` and records the hash of the sources it was built from.
 * With `force: false` the build is skipped when that hash is unchanged.
 */
export const buildSpa = ({ force = true } = {}) =>
  step('spa', async () => {
    const hash = clientHash()
    const upToDate = existsSync(join(SPA_DIR, 'index.html')) && readStoredHash(HASH_FILE) === hash
    if (upToDate && !force) return 'up to date'
    await run('vite', ['build'], {
      cwd: FRONTEND,
      quiet: true,
      env: {
        ...process.env,
        PATH: pathWithBins(
          join(FRONTEND, 'node_modules', '.bin'),
          join(ROOT, 'node_modules', '.bin'),
        ),
      },
    })
    // Vite empties dist first, so the hash is written after it.
    writeFileSync(HASH_FILE, `${hash}\n`)
    return 'built host-frontend/dist'
  })

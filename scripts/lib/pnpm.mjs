// Installs dependencies with the pinned pnpm, only when the manifests or lockfile changed.
import { existsSync, mkdirSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { hashFiles, listFiles, readStoredHash } from './hash.mjs'
import { step } from './log.mjs'
import { run } from './proc.mjs'
import { ROOT, rootPackage } from './workspace.mjs'

const INSTALL_INPUTS = [
  'pnpm-lock.yaml',
  'pnpm-workspace.yaml',
  '.npmrc',
  'package.json',
  'host-backend/package.json',
  'host-frontend/package.json',
  'layers/*/package.json',
  'themes/*/package.json',
]

const NODE_MODULES = join(ROOT, 'node_modules')
const HASH_FILE = join(NODE_MODULES, '.stratum-install-hash')

/** The pnpm version pinned in the root `packageManager` field, e.g. `10.34.8`. */
export const pinnedPnpmVersion = () => {
  const field = rootPackage().packageManager ?? ''
  const match = /^pnpm@(\d+\.\d+\.\d+[^+]*)/.exec(field)
  if (!match?.[1])
    throw new Error(`package.json packageManager must be 'pnpm@<version>', got '${field}'`)
  return match[1]
}

/**
 * Runs the pinned pnpm through `npx -y pnpm@<version>`: corepack's signature checks fail on some
 * machines, and npm is all a fresh machine is promised to have.
 */
export const runPnpm = (args, options = {}) =>
  run('npx', ['-y', `pnpm@${pinnedPnpmVersion()}`, ...args], { cwd: ROOT, ...options })

/** Hash of everything that decides what `pnpm install` produces. */
export const installHash = () =>
  hashFiles(ROOT, listFiles(ROOT, INSTALL_INPUTS), [
    `node-abi:${process.versions.modules}`,
    `platform:${process.platform}-${process.arch}`,
  ])

/**
 * Runs `pnpm install --frozen-lockfile` when `node_modules` is missing or the install inputs
 * changed since the last successful install; otherwise does nothing.
 */
export const ensureDependencies = () =>
  step('dependencies', async () => {
    const hash = installHash()
    const reason = !existsSync(NODE_MODULES)
      ? 'node_modules is missing'
      : readStoredHash(HASH_FILE) !== hash
        ? 'lockfile or package.json changed'
        : undefined
    if (!reason) return 'up to date'
    console.log(`  installing with pnpm ${pinnedPnpmVersion()} (${reason})`)
    // confirmModulesPurge=false: with no TTY pnpm aborts instead of asking to rebuild node_modules.
    try {
      await runPnpm(['install', '--frozen-lockfile', '--config.confirmModulesPurge=false'], {
        quiet: true,
      })
    } catch (error) {
      if (/ERR_PNPM_OUTDATED_LOCKFILE|ERR_PNPM_LOCKFILE_CONFIG_MISMATCH/.test(error.output ?? '')) {
        error.message =
          'pnpm-lock.yaml does not match a package.json (a new layer or dependency?). Run ' +
          `\`npx pnpm@${pinnedPnpmVersion()} install\` once and commit pnpm-lock.yaml.`
      }
      throw error
    }
    mkdirSync(NODE_MODULES, { recursive: true })
    writeFileSync(HASH_FILE, `${hash}\n`)
    return 'installed'
  })

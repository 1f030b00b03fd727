import path from 'node:path'
import { searchForWorkspaceRoot, type Plugin } from 'vite'

/** Packages that only run on the server; the client bundle must never contain them. */
export const SERVER_ONLY_PACKAGES = [
  'pg',
  'ioredis',
  'winston',
  'nodemailer',
  'kysely',
  '@electric-sql/pglite',
  'smtp-server',
] as const

/** Options of {@link stratumBundleGuard}. */
export interface BundleGuardOptions {
  /** @default SERVER_ONLY_PACKAGES */
  packages?: readonly string[]
}

const SERVER_FILE = /[\\/]layers[\\/]layer-\d+-[^\\/]+[\\/]src[\\/]server[\\/]/
// Vite's stand-in for a Node built-in imported by its bare name (`fs`) in a browser build.
const BROWSER_EXTERNAL = '__vite-browser-external'

function packageOf(specifier: string, packages: readonly string[]): string | undefined {
  return packages.find((name) => specifier === name || specifier.startsWith(`${name}/`))
}

function resolvedPackageOf(id: string, packages: readonly string[]): string | undefined {
  const file = id.replaceAll('\\', '/')
  return packages.find((name) => file.includes(`/node_modules/${name}/`))
}

/**
 * Fails the client build when any module resolves to a layer's `src/server/` file, a server-only
 * package or a Node built-in, naming the importer. The client half of a layer runs in browsers.
 */
export function stratumBundleGuard(options: BundleGuardOptions = {}): Plugin {
  const packages = options.packages ?? SERVER_ONLY_PACKAGES
  let root = ''
  const show = (file: string) => path.relative(root, file.split('?')[0]!).replaceAll('\\', '/')

  return {
    name: 'stratum:bundle-guard',
    enforce: 'pre',
    applyToEnvironment: (environment) => environment.config.consumer === 'client',
    configResolved(config) {
      root = searchForWorkspaceRoot(config.root)
    },
    async resolveId(source, importer, resolveOptions) {
      if (!importer || source.startsWith('\0')) return null
      const refuse = (what: string): never =>
        this.error(
          `${show(importer)} imports '${source}', ${what}. The client bundle must not contain ` +
            `server code or Node-only packages; move the shared part to the layer's src/shared/.`,
        )
      if (source.startsWith('node:')) refuse('a Node built-in')
      const named = packageOf(source, packages)
      if (named) refuse(`the server-only package '${named}'`)

      const resolved = await this.resolve(source, importer, { ...resolveOptions, skipSelf: true })
      if (!resolved) return null
      if (resolved.id.startsWith(BROWSER_EXTERNAL)) refuse('a Node built-in')
      if (SERVER_FILE.test(resolved.id)) refuse(`a server file (${show(resolved.id)})`)
      const transitive = resolvedPackageOf(resolved.id, packages)
      if (transitive) refuse(`which resolves into the server-only package '${transitive}'`)
      return resolved
    },
  }
}

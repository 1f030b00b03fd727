import path from 'node:path'
import type { ResolvedLayer } from '@stratum/layer-core/shared'
import {
  normalizePath,
  searchForWorkspaceRoot,
  type HtmlTagDescriptor,
  type Plugin,
  type Rollup,
  type ViteDevServer,
} from 'vite'
import { discoverLayerPackages, type LayerPackage } from './discover-layers.ts'
import { defaultLayersConfigFile, resolveRegistry } from './load-registry.ts'

/** The module the host imports its layer loaders from. */
export const LAYERS_MODULE_ID = 'virtual:stratum/layers'
const RESOLVED_ID = `\0${LAYERS_MODULE_ID}`

/** Options of {@link stratumLayers}. */
export interface StratumLayersOptions {
  /** Workspace root holding `layers/` and `layers.config.ts`. @default searchForWorkspaceRoot(vite root) */
  root?: string
  /** @default '<root>/layers.config.ts' */
  configFile?: string
}

/**
 * Source of `virtual:stratum/layers`: one dynamic import per client half, so one chunk each, and
 * the route paths of the layers that declare them (static imports: a few strings each), so the
 * host knows which layer a path needs without loading every layer, and their early hooks.
 */
export function layersModuleCode(packages: readonly LayerPackage[]): string {
  const clients = packages.filter((p) => p.clientEntry !== undefined)
  // Each loader takes only the two names the host reads, so the bundler keeps just what they
  // reach: a whole module namespace would keep every export of the entry. Core's client entry,
  // which the host imports statically, would otherwise put all of core (the dev mailbox's API,
  // every component it exports) on the login page.
  const loaders = clients.map(
    (p) =>
      `  ${JSON.stringify(p.id)}: () => import(${JSON.stringify(normalizePath(p.clientEntry!))})` +
      `.then(({ clientLayer, default: fallback }) => ({ clientLayer, default: fallback })),`,
  )
  const withPaths = clients.filter((p) => p.routePathsFile !== undefined)
  const imports = withPaths.map(
    (p, i) =>
      `import { routePaths as paths${i} } from ${JSON.stringify(normalizePath(p.routePathsFile!))}\n`,
  )
  const paths = withPaths.map((p, i) => `  ${JSON.stringify(p.id)}: paths${i},`)
  const withEarly = clients.filter((p) => p.earlyFile !== undefined)
  const earlyImports = withEarly.map(
    (p, i) => `import { early as early${i} } from ${JSON.stringify(normalizePath(p.earlyFile!))}\n`,
  )
  const early = withEarly.map((p, i) => `  ${JSON.stringify(p.id)}: early${i},`)
  return (
    `${imports.join('')}${earlyImports.join('')}` +
    `export const layerLoaders = {\n${loaders.join('\n')}\n}\n` +
    `export const layerRoutePaths = {\n${paths.join('\n')}\n}\n` +
    `export const layerEarly = {\n${early.join('\n')}\n}\n`
  )
}

/**
 * `<link rel="modulepreload">` tags for the chunks of the client halves every first page installs
 * (enabled layers without route paths, auth among them), so the browser fetches them while the
 * app asks the server which layers are live, not after. A preload only downloads: a layer the
 * server reports off is still never run.
 */
export function bootLayerPreloads(
  packages: readonly LayerPackage[],
  enabled: readonly string[],
  bundle: Rollup.OutputBundle,
  base: string,
): HtmlTagDescriptor[] {
  const entries = new Set(
    packages
      .filter((p) => enabled.includes(p.id) && p.clientEntry && !p.routePathsFile)
      .map((p) => normalizePath(p.clientEntry!)),
  )
  return Object.values(bundle)
    .filter((output): output is Rollup.OutputChunk => output.type === 'chunk' && !output.isEntry)
    .filter((chunk) => chunk.moduleIds.some((id) => entries.has(id)))
    .map((chunk) => ({
      tag: 'link',
      attrs: { rel: 'modulepreload', crossorigin: true, href: `${base}${chunk.fileName}` },
      injectTo: 'head',
    }))
}

/**
 * Discovers layer packages and serves `virtual:stratum/layers`. At build and dev start it
 * resolves `layers.config.ts` with the registry, so a configuration the backend would refuse
 * (core disabled, a missing dependency, a cycle) stops the frontend too, with the same sentence.
 */
export function stratumLayers(options: StratumLayersOptions = {}): Plugin {
  let root = ''
  let configFile = ''
  let packages: LayerPackage[] = []
  let resolved: ResolvedLayer[] = []
  let base = '/'

  async function refresh(): Promise<void> {
    packages = await discoverLayerPackages(root)
    resolved = await resolveRegistry(root, configFile, packages)
  }

  function watchLayers(server: ViteDevServer): void {
    const watched = (file: string) =>
      file === configFile || /[\\/]layers[\\/]layer-[^\\/]+[\\/]package\.json$/.test(file)
    server.watcher.add([configFile, path.join(root, 'layers')])
    server.watcher.on('all', (_event, file) => {
      if (!watched(path.resolve(file))) return
      refresh().then(
        () => {
          const mod = server.moduleGraph.getModuleById(RESOLVED_ID)
          if (mod) server.moduleGraph.invalidateModule(mod)
          server.ws.send({ type: 'full-reload' })
          server.config.logger.info(`[stratum] layers: ${resolved.map((l) => l.id).join(', ')}`)
        },
        (error: unknown) => server.config.logger.error(`[stratum] ${(error as Error).message}`),
      )
    })
  }

  return {
    name: 'stratum:layers',
    async configResolved(config) {
      base = config.base
      root = path.resolve(options.root ?? searchForWorkspaceRoot(config.root))
      configFile = path.resolve(options.configFile ?? defaultLayersConfigFile(root))
      await refresh()
      for (const pkg of packages.filter((p) => p.missing.includes('./client'))) {
        config.logger.warn(
          `[stratum] ${pkg.source} exports './client' but the file does not exist; its client half is left out.`,
        )
      }
    },
    configureServer: watchLayers,
    resolveId: (id) => (id === LAYERS_MODULE_ID ? RESOLVED_ID : undefined),
    load: (id) => (id === RESOLVED_ID ? layersModuleCode(packages) : undefined),
    transformIndexHtml: {
      order: 'post',
      handler: (_html, { bundle }) =>
        bundle
          ? bootLayerPreloads(
              packages,
              resolved.map((l) => l.id),
              bundle,
              base,
            )
          : undefined,
    },
  }
}

import path from 'node:path'
import type { ResolvedLayer } from '@stratum/layer-core/shared'
import { normalizePath, searchForWorkspaceRoot, type Plugin, type ViteDevServer } from 'vite'
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

/** Source of `virtual:stratum/layers`: one dynamic import per client half, so one chunk each. */
export function layersModuleCode(packages: readonly LayerPackage[]): string {
  const entries = packages
    .filter((p) => p.clientEntry !== undefined)
    .map(
      (p) =>
        `  ${JSON.stringify(p.id)}: () => import(${JSON.stringify(normalizePath(p.clientEntry!))}),`,
    )
  return `export const layerLoaders = {\n${entries.join('\n')}\n}\n`
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
  }
}

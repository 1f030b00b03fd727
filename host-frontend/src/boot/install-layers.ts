import {
  addLayerRoute,
  installLayerMessages,
  PLATFORM_LAYER_IDS,
  useLayersStore,
  type ApiClient,
  type AppI18n,
  type ClientLayer,
  type ClientLayerModule,
  type LayerInfo,
  type ThemeController,
  type ThemeTokens,
} from '@stratum/layer-core/client'
import type { Pinia } from 'pinia'
import type { App } from 'vue'
import type { RouteRecordRaw, Router } from 'vue-router'
import { createLayerFootprint, type LayerFootprint } from './layer-footprint.ts'
import { yieldToMain } from './yield-to-main.ts'

/** Lazy loaders of client halves, keyed by layer id (`virtual:stratum/layers`). */
export type LayerLoaders = Readonly<Record<string, () => Promise<ClientLayerModule>>>

/** Path prefixes of the layers that declare them (`virtual:stratum/layers`), keyed by layer id. */
export type LayerRoutePaths = Readonly<Record<string, readonly string[]>>

/** Everything a {@link LayerInstaller} installs into. */
export interface InstallTarget {
  readonly app: App
  readonly router: Router
  readonly pinia: Pinia
  readonly i18n: AppI18n
  readonly api: ApiClient
  /** Handed to each layer as `context.theme`. */
  readonly theme: ThemeController
}

/**
 * Installs the live layers' client halves, each once, in registry order with its dependencies
 * first: routes, stores, messages (under the layer id), theme tokens, nav, then its `install`.
 */
export interface LayerInstaller {
  /** The layers a visit to `path` needs now: those without route paths, and the path's owners. */
  neededFor(path: string): string[]
  /** The layers `path` needs that are neither installed nor being installed yet. */
  deferredFor(path: string): string[]
  /** Installs `ids` and what they depend on; resolves `true` when anything new was installed. */
  install(ids: readonly string[]): Promise<boolean>
  /** Installs every live layer not installed yet. */
  installAll(): Promise<boolean>
  /**
   * Takes the new live list (after a tenant switch): hands every installed layer that is no
   * longer live, platform layers excepted, to `takeOut`, newest first. Installs nothing: the
   * caller installs what it needs. Resolves with the ids removed.
   */
  update(
    live: readonly LayerInfo[],
    takeOut: (footprint: LayerFootprint) => void,
  ): Promise<string[]>
  /** Settles once no install is queued or running. */
  idle(): Promise<void>
  /** Batches installed so far: a navigation that sees it change re-runs with the new routes. */
  readonly generation: number
  /** Ids installed so far, in the order they were installed. */
  readonly installed: readonly string[]
}

/** Options of {@link createLayerInstaller}. */
export interface LayerInstallerOptions {
  /** @default {} (every layer is installed at boot) */
  routePaths?: LayerRoutePaths
  /** Called after each batch, with every installed layer's theme tokens in registry order. */
  onTokens?: (tokens: ThemeTokens[]) => Promise<void> | void
  /** Refreshes which layers are live; handed to each layer as `context.refreshLayers`. */
  refreshLayers?: () => Promise<void>
}

function pickClientLayer(id: string, module: ClientLayerModule): ClientLayer {
  const layer = module.clientLayer ?? module.default
  if (!layer) throw new Error(`Layer '${id}' has a ./client entry that exports no clientLayer.`)
  if (layer.manifest.id !== id) {
    throw new Error(
      `Layer '${id}' loaded a client half whose manifest id is '${layer.manifest.id}'.`,
    )
  }
  return layer
}

const underPrefix = (path: string, prefix: string) =>
  path === prefix || path.startsWith(prefix.endsWith('/') ? prefix : `${prefix}/`)

/** Every route path of `routes`, children included (children without a leading `/` are relative). */
function routePathsOf(routes: readonly RouteRecordRaw[], parent = ''): string[] {
  return routes.flatMap((route) => {
    const own = route.path.startsWith('/') ? route.path : `${parent}/${route.path}`
    return [own, ...routePathsOf(route.children ?? [], own)]
  })
}

/** A deferred layer must keep its routes under the paths it declares, or it could never load. */
function checkRoutesDeclared(
  id: string,
  routes: readonly RouteRecordRaw[],
  prefixes: readonly string[],
) {
  const stray = routePathsOf(routes).filter(
    (p) => !prefixes.some((prefix) => underPrefix(p, prefix)),
  )
  if (stray.length > 0) {
    throw new Error(
      `Layer '${id}' has routes outside the paths its route-paths.ts declares (${prefixes.join(', ')}): ${stray.join(', ')}.`,
    )
  }
}

/**
 * Creates the installer of the live layers (in registry order). A layer whose package declares
 * route paths is deferred: installed when a navigation targets one of its paths, when a layer it
 * serves needs it, or when a layer calls `installAllLayers()` (auth, on sign-in). Installs run
 * one batch at a time.
 */
export function createLayerInstaller(
  target: InstallTarget,
  live: readonly LayerInfo[],
  loaders: LayerLoaders,
  options: LayerInstallerOptions = {},
): LayerInstaller {
  const routePaths = options.routePaths ?? {}
  let current = live
  let installable = live.filter((info) => loaders[info.id] !== undefined)
  let byId = new Map(live.map((info) => [info.id, info]))
  const installed: string[] = []
  const requested = new Set<string>()
  // What each installed layer left (its theme tokens too), by id.
  const footprints = new Map<string, LayerFootprint>()
  let queue: Promise<unknown> = Promise.resolve()
  let generation = 0

  /** `ids`, everything they depend on and every layer ranked before them, in registry order. */
  function withDependencies(ids: readonly string[]): LayerInfo[] {
    const wanted = new Set<string>()
    const add = (id: string) => {
      const info = byId.get(id)
      if (!info || wanted.has(id)) return
      wanted.add(id)
      for (const dependency of info.dependsOn) add(dependency)
    }
    ids.forEach(add)
    // Every layer ranked before a wanted one comes too: a later layer may build on an earlier
    // one's routes or stores, which must be there when it installs.
    const last = installable.reduce((at, info, i) => (wanted.has(info.id) ? i : at), -1)
    return installable.filter((info, i) => i <= last)
  }

  async function installBatch(batch: readonly LayerInfo[]): Promise<boolean> {
    const loaded = await Promise.all(
      batch.map(async (info) => ({
        info,
        layer: pickClientLayer(info.id, await loaders[info.id]!()),
      })),
    )
    const store = useLayersStore(target.pinia)
    for (const { info, layer } of loaded) {
      // One task per layer: a batch of several would hold the main thread for all of them.
      await yieldToMain()
      const prefixes = routePaths[info.id]
      if (prefixes) checkRoutesDeclared(info.id, layer.routes, prefixes)
      const footprint = createLayerFootprint(target.router, layer)
      footprints.set(info.id, footprint)
      for (const route of layer.routes) addLayerRoute(footprint.router, route)
      for (const useStore of layer.stores ?? []) useStore(target.pinia)
      await installLayerMessages(target.i18n, info.id, layer.messages)
      store.addNav(layer.nav ?? [])
      store.addHeaderItems(layer.headerItems ?? [])
      store.addPageSections(layer.pageSections ?? [])
      installed.push(info.id)
      const disposer = await footprint.scope.run(() =>
        layer.install?.(target.app, footprint.router, {
          ...target,
          layer: info,
          layers: current,
          installAllLayers: () => installer.installAll().then(() => undefined),
          refreshLayers: options.refreshLayers,
        }),
      )
      if (typeof disposer === 'function') footprint.disposer = disposer
    }
    await applyTokens()
    generation++
    return true
  }

  const applyTokens = () =>
    options.onTokens?.(installable.flatMap((info) => footprints.get(info.id)?.layer.theme ?? []))

  const installer: LayerInstaller = {
    neededFor(path) {
      return installable
        .filter((info) => {
          const prefixes = routePaths[info.id]
          return !prefixes || prefixes.some((prefix) => underPrefix(path, prefix))
        })
        .map((info) => info.id)
    },
    deferredFor(path) {
      return installer.neededFor(path).filter((id) => !requested.has(id))
    },
    install(ids) {
      const batch = withDependencies(ids).filter((info) => !requested.has(info.id))
      if (batch.length === 0) return queue.then(() => false)
      for (const info of batch) requested.add(info.id)
      const run = queue.then(() => installBatch(batch))
      queue = run.catch(() => undefined)
      return run
    },
    installAll() {
      return installer.install(installable.map((info) => info.id))
    },
    update(next, takeOut) {
      current = next
      installable = next.filter((info) => loaders[info.id] !== undefined)
      byId = new Map(next.map((info) => [info.id, info]))
      // Queued behind any install under way, so a layer is never removed while it installs.
      const run = queue.then(async () => {
        const gone = installed
          .filter((id) => !byId.has(id) && !PLATFORM_LAYER_IDS.includes(id))
          .reverse()
        for (const id of gone) {
          takeOut(footprints.get(id)!)
          footprints.delete(id)
          requested.delete(id)
          installed.splice(installed.indexOf(id), 1)
        }
        await applyTokens()
        generation++
        return gone
      })
      queue = run.catch(() => undefined)
      return run
    },
    idle: () => queue.then(() => undefined),
    get generation() {
      return generation
    },
    installed,
  }
  return installer
}

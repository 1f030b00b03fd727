import {
  installLayerMessages,
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
import type { Router } from 'vue-router'

/** Lazy loaders of client halves, keyed by layer id (`virtual:stratum/layers`). */
export type LayerLoaders = Readonly<Record<string, () => Promise<ClientLayerModule>>>

/** Everything {@link installLayers} installs into. */
export interface InstallTarget {
  readonly app: App
  readonly router: Router
  readonly pinia: Pinia
  readonly i18n: AppI18n
  readonly api: ApiClient
  /** Handed to each layer as `context.theme`. */
  readonly theme: ThemeController
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

/**
 * Loads the client halves of the live layers in parallel and installs them in registry order:
 * routes, stores, messages (under the layer id), nav, then the layer's `install` hook.
 * Layers without a client half (server-only) are skipped. Returns the layers' theme tokens in order.
 */
export async function installLayers(
  target: InstallTarget,
  live: readonly LayerInfo[],
  loaders: LayerLoaders,
): Promise<ThemeTokens[]> {
  const loaded = await Promise.all(
    live.map(async (info) => {
      const load = loaders[info.id]
      return load ? { info, layer: pickClientLayer(info.id, await load()) } : undefined
    }),
  )
  const store = useLayersStore(target.pinia)
  const tokens: ThemeTokens[] = []
  for (const entry of loaded) {
    if (!entry) continue
    const { info, layer } = entry
    for (const route of layer.routes) target.router.addRoute(route)
    for (const useStore of layer.stores ?? []) useStore(target.pinia)
    installLayerMessages(target.i18n, info.id, layer.messages)
    if (layer.theme) tokens.push(layer.theme)
    store.addNav(layer.nav ?? [])
    store.addHeaderItems(layer.headerItems ?? [])
    await layer.install?.(target.app, target.router, { ...target, layer: info, layers: live })
  }
  return tokens
}

/// <reference types="vite/client" />

declare module 'virtual:stratum/layers' {
  import type { ClientLayerModule, EarlyHook } from '@stratum/layer-core/client'

  /** One lazy loader per layer package with a `./client` entry, keyed by layer id. */
  export const layerLoaders: Readonly<Record<string, () => Promise<ClientLayerModule>>>
  /**
   * The path prefixes of each layer that declares them (`route-paths.ts` next to its client
   * entry), keyed by layer id; the host installs such a layer only when a navigation needs it.
   */
  export const layerRoutePaths: Readonly<Record<string, readonly string[]>>
  /** The early hooks of the layers with an `early.ts`, keyed by layer id. */
  export const layerEarly: Readonly<Record<string, EarlyHook>>
}

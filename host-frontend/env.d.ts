/// <reference types="vite/client" />

declare module 'virtual:stratum/layers' {
  import type { ClientLayerModule } from '@stratum/layer-core/client'

  /** One lazy loader per layer package with a `./client` entry, keyed by layer id. */
  export const layerLoaders: Readonly<Record<string, () => Promise<ClientLayerModule>>>
}

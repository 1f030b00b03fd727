import type { Migration } from 'kysely'
import type { Logger } from 'winston'
import type { LayerManifest } from '../shared/manifest.ts'
import type { ResolvedLayer } from '../shared/registry.ts'
import type { PlatformConfig } from './platform-config.ts'
import type { CacheStore } from './platform/cache-store.ts'
import type { Database } from './platform/database.ts'
import type { HookBus } from './platform/hooks.ts'
import type { MailTransport } from './platform/mail-transport.ts'
import type { ServiceId, ServiceRegistry, StratumServices } from './platform/services.ts'
import type { LayerRouter } from './router.ts'

/** What the host hands to a layer's `init`. */
export interface LayerContext {
  /** This layer as the registry resolved it (prefix, priority, dependencies). */
  readonly layer: ResolvedLayer
  /** Every enabled layer, in order. */
  readonly layers: readonly ResolvedLayer[]
  readonly config: PlatformConfig
  /** The raw environment, for a layer's own settings (each layer parses them with zod). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Repository root: where `layers/` and `themes/` live. */
  readonly root: string
  readonly database: Database
  readonly cache: CacheStore
  readonly mail: MailTransport
  readonly logger: Logger
  readonly hooks: HookBus
  /** Services provided by layers earlier in the order. */
  readonly services: ServiceRegistry
  /** Process state, so readiness can answer 503 while the server drains. */
  readonly lifecycle: { readonly shuttingDown: boolean }
}

/** What a layer's `init` returns. */
export interface LayerInstance {
  /** Mounted under the layer's prefix (core: at the root). */
  router?: LayerRouter
  /** Admin endpoints, mounted under `/api/admin/<layer-id>`. */
  adminRouter?: LayerRouter
  /** Services for later layers, keyed `<layer-id>.<name>`. */
  services?: Partial<StratumServices>
  /** Called on shutdown, after the server stopped accepting requests. */
  close?(): Promise<void>
}

/** The server half of a layer. */
export interface ServerLayer {
  readonly manifest: LayerManifest
  /** Kysely migrations keyed by `<timestamp>_<name>`, run with the layer's own migration table. */
  readonly migrations?: Readonly<Record<string, Migration>>
  /** Services this layer needs; start-up fails with a sentence when none provides one. */
  readonly deps?: readonly ServiceId[]
  init(context: LayerContext): LayerInstance | Promise<LayerInstance>
}

/** Identity helper checked with `satisfies`-like inference. */
export const defineServerLayer = <const L extends ServerLayer>(layer: L): L => layer

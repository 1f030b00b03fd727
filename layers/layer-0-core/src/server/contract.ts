import type { Migration } from 'kysely'
import type { Logger } from 'winston'
import type { LayerManifest } from '../shared/manifest.ts'
import type { ResolvedLayer } from '../shared/registry.ts'
import type { PlatformConfig } from './platform-config.ts'
import type { CacheStore } from './platform/cache-store.ts'
import type { Database } from './platform/database.ts'
import type { MiddlewareHandler } from 'hono'
import type {
  ExtensionContributions,
  ExtensionPointId,
  ExtensionRegistry,
} from './extensions/extension-points.ts'
import type { MessageCatalog } from './extensions/messages.ts'
import type { ResolvedDeps, ServiceDeps } from './extensions/service-ref.ts'
import type { JobQueue } from './platform/jobs.ts'
import type { MailTransport } from './platform/mail-transport.ts'
import type { ServiceRegistry, StratumServices } from './platform/services.ts'
import type { LayerRouter } from './router.ts'

/** What a layer's `contributes` function receives: the platform, before any layer has run. */
export interface ContributionContext {
  readonly layer: ResolvedLayer
  readonly config: PlatformConfig
  readonly env: Readonly<Record<string, string | undefined>>
  readonly database: Database
  readonly cache: CacheStore
  readonly logger: Logger
}

/** What the host hands to a layer's `init`. */
export interface LayerContext {
  /** This layer as the registry resolved it (prefix, priority, dependencies). */
  readonly layer: ResolvedLayer
  /** Every enabled layer, in order. */
  readonly layers: readonly ResolvedLayer[]
  /** Each enabled layer's migration names, for the System console's migration state. */
  readonly migrationNames?: ReadonlyMap<string, readonly string[]>
  readonly config: PlatformConfig
  /** The raw environment, for a layer's own settings (each layer parses them with zod). */
  readonly env: Readonly<Record<string, string | undefined>>
  /** Repository root: where `layers/` and `themes/` live. */
  readonly root: string
  readonly database: Database
  readonly cache: CacheStore
  readonly mail: MailTransport
  /**
   * Durable background jobs: define job types here in `init` (`ctx.jobs.define(…)`); the host
   * starts the workers once every layer is initialised.
   */
  readonly jobs: JobQueue
  readonly logger: Logger
  /**
   * Contributions to extension points, collected before any `init` ran. A layer reads those of
   * the points it owns: `ctx.extensions.values('multitenant.permissions')`.
   */
  readonly extensions: ExtensionRegistry
  /** Server messages (mail texts): register compiled ones, translate with sources applied. */
  readonly messages: MessageCatalog
  /**
   * Contributed middleware for stages a layer runs itself: the layer that resolves the tenant
   * calls `afterTenant` (undefined when nobody contributed).
   */
  readonly stages: { readonly afterTenant: MiddlewareHandler | undefined }
  /** Services provided by layers earlier in the order; prefer typed `deps`. */
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
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export interface ServerLayer<D extends ServiceDeps = {}> {
  readonly manifest: LayerManifest
  /** Kysely migrations keyed by `<timestamp>_<name>`, run with the layer's own migration table. */
  readonly migrations?: Readonly<Record<string, Migration>>
  /**
   * Services this layer needs, declared once with their types:
   * `{ tenantDb: serviceRef('multitenant.tenantDb') }`. Start-up fails with a sentence when no
   * enabled layer provides a required one; an optional one arrives as `undefined`.
   */
  readonly deps?: D
  /** Extension points this layer owns (it augments `StratumExtensionPoints` with their types). */
  readonly extensionPoints?: readonly ExtensionPointId[]
  /**
   * Plain data for other layers' extension points, collected before any `init` runs. A function
   * form receives the platform (database, cache, config) for contributions that need it.
   */
  readonly contributes?:
    ExtensionContributions | ((context: ContributionContext) => ExtensionContributions)
  init(context: LayerContext, deps: ResolvedDeps<D>): LayerInstance | Promise<LayerInstance>
}

/** A server layer of any deps, as the host holds them. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyServerLayer = ServerLayer<any>

/** Identity helper that checks a server half where it is written and infers its `deps`. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type
export const defineServerLayer = <const D extends ServiceDeps = {}>(
  layer: ServerLayer<D>,
): ServerLayer<D> => layer

import { dirname, resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { OpenAPIHono } from '@hono/zod-openapi'
import type { Logger } from 'winston'
import {
  ServiceRegistry,
  layerGate,
  logFormat,
  resolveDeps,
  type AnyServerLayer,
  type AppEnv,
  type CacheStore,
  type Database,
  type ExtensionRegistry,
  type LayerSwitches,
  type MailTransport,
  type MessageCatalog,
  type PlatformConfig,
  type RequestEvent,
} from '@stratum/layer-core/server'
import {
  coreManifest,
  resolveLayers,
  type LayersConfig,
  type ResolvedLayer,
} from '@stratum/layer-core/shared'
import { errorHandler } from './errors/error-handler.ts'
import { notFoundHandler } from './errors/not-found.ts'
import { discoverLayers, loadServerLayer } from './layers/discover-layers.ts'
import { loadLayersConfig } from './layers/load-layers-config.ts'
import { migrateLayers } from './layers/migrate-layers.ts'
import { loadPlatformConfig } from './load-platform-config.ts'
import { collectExtensions } from './layers/collect-extensions.ts'
import { createLogger } from './logger.ts'
import { bodyLimit } from './middleware/body-limit.ts'
import { corsAllowList } from './middleware/cors-allow-list.ts'
import { jsonOnly } from './middleware/json-only.ts'
import { rateLimit } from './middleware/rate-limit.ts'
import { requestContext } from './middleware/request-context.ts'
import { auditTrail } from './middleware/audit-trail.ts'
import { requestEvents } from './middleware/request-events.ts'
import { requestLog } from './middleware/request-log.ts'
import { securityHeaders } from './middleware/security-headers.ts'
import { mountDocs } from './openapi/docs-routes.ts'
import {
  createCacheStore,
  createDatabase,
  createMailTransport,
  PgBossJobQueue,
} from './platform/index.ts'
import { serveSpa } from './spa/serve-spa.ts'

/** Repository root: where `layers/` and `layers.config.ts` live. */
export const REPO_ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..')

/** Platform parts a caller may bring itself (tests inject fresh databases and caches). */
export interface PlatformParts {
  database: Database
  cache: CacheStore
  mail: MailTransport
  logger: Logger
}

export interface HostOptions {
  /** @default the repository root */
  root?: string
  /** @default parsed from `process.env` */
  config?: PlatformConfig
  /** @default `layers.config.ts` of `root` */
  layersConfig?: LayersConfig
  platform?: Partial<PlatformParts>
  /** Layers that are not packages under `layers/` (test fixtures); validated like the others. */
  extraLayers?: readonly AnyServerLayer[]
  /** Raw environment handed to layers for their own settings. @default process.env */
  env?: Readonly<Record<string, string | undefined>>
  /** Run migrations before initialising layers. @default true */
  migrate?: boolean
}

export interface Host {
  readonly app: OpenAPIHono<AppEnv>
  readonly config: PlatformConfig
  readonly layers: readonly ResolvedLayer[]
  readonly platform: PlatformParts & {
    jobs: PgBossJobQueue
    services: ServiceRegistry
    extensions: ExtensionRegistry
    messages: MessageCatalog
  }
  readonly lifecycle: { shuttingDown: boolean }
  /** Closes layers, then the mail transport, cache and database. */
  close(): Promise<void>
}

/**
 * Builds the backend: validates the layers configuration, migrates, initialises each enabled
 * layer in registry order and mounts its router behind the middleware stack.
 */
export async function createHost(options: HostOptions = {}): Promise<Host> {
  const root = options.root ?? REPO_ROOT
  const config = options.config ?? loadPlatformConfig()
  const layersConfig = options.layersConfig ?? (await loadLayersConfig(root, config.LAYERS_CONFIG))
  const packages = await discoverLayers(root)
  const extra = (options.extraLayers ?? []).map((server) => ({
    manifest: server.manifest,
    source: `extra layer '${server.manifest.id}'`,
    server,
  }))
  const layers = resolveLayers(layersConfig, [...packages, ...extra])

  const servers = await Promise.all(
    layers.map(async (resolved) => {
      const found = extra.find((e) => e.manifest.id === resolved.id)
      const server = found
        ? found.server
        : await loadServerLayer(packages.find((p) => p.manifest.id === resolved.id)!)
      return { resolved, server }
    }),
  )

  const logger =
    options.platform?.logger ??
    createLogger(config.LOG_LEVEL, undefined, undefined, logFormat(config))
  const database = options.platform?.database ?? (await createDatabase(config, logger))
  const cache = options.platform?.cache ?? (await createCacheStore(config, logger))
  const mail = options.platform?.mail ?? createMailTransport(config, logger)
  const env = options.env ?? process.env
  const services = new ServiceRegistry()
  const lifecycle = { shuttingDown: false }
  const closers: Array<() => Promise<void>> = []
  const jobs = new PgBossJobQueue(database, logger.child({ component: 'jobs' }), {
    pollIntervalMs: config.JOBS_POLL_INTERVAL_MS,
    work: config.JOBS_WORKERS,
  })

  const closePlatform = async () => {
    // Workers first: a running job may still need the layers, the mail transport and the database.
    await jobs.stop().catch((e) => logger.error('job workers did not stop', { error: String(e) }))
    for (const close of closers.reverse())
      await close().catch((e) => logger.error('layer close failed', { error: String(e) }))
    database.observeQueries(undefined)
    await mail.close()
    await cache.close()
    await database.close()
  }

  try {
    if (options.migrate !== false) await migrateLayers(database, servers, logger)

    // Core's init provides the run-time switches; everything that reads them runs per request,
    // after every init. Until then (and without core's service) every layer counts as on.
    let switches: LayerSwitches | undefined
    const isOn = (layer: string, tenantId?: string) => switches?.isOn(layer, tenantId) ?? true
    // Every contribution is collected before any layer's init runs.
    const { extensions, messages, stages } = collectExtensions(
      servers,
      { config, env, database, cache, logger },
      isOn,
    )
    // A contribution of a layer that is off for the request's tenant is skipped for it.
    const sinkEntries = extensions.entries('core.audit')
    const sinks = sinkEntries.map((e) => e.value)
    const sinkRuns = (index: number, tenantId: string | undefined) =>
      isOn(sinkEntries[index]!.layer, tenantId)
    const listeners = extensions.entries('core.requestEvents').map(
      ({ layer, value }) =>
        (event: RequestEvent) =>
          isOn(layer, event.tenantId) ? value(event) : undefined,
    )
    const migrationNames = new Map(
      servers.map(({ resolved, server }) => [resolved.id, Object.keys(server.migrations ?? {})]),
    )

    const app = new OpenAPIHono<AppEnv>()
    // The middleware stack, in order. Every response passes through steps 1–5 on its way out.
    app.use(requestContext({ trustedProxies: config.TRUSTED_PROXIES })) // 1. request id, client ip
    // 1b. only when contributed: request events (with query counts) and the audit trail
    if (listeners.length > 0) app.use(requestEvents(listeners, logger))
    if (sinks.length > 0) app.use(auditTrail(sinks, logger, sinkRuns))
    app.use(securityHeaders()) // 2. security headers
    app.use(corsAllowList(config.CORS_ORIGINS)) // 3. CORS allow-list
    app.use(bodyLimit(config.BODY_LIMIT_BYTES)) // 4. body limit, chunked included
    app.use(requestLog(logger)) // 5. one JSON log line per request
    const limits = {
      max: config.RATE_LIMIT_MAX,
      ipMax: config.RATE_LIMIT_IP_MAX,
      windowMs: config.RATE_LIMIT_WINDOW_MS,
    }
    app.use(rateLimit({ cache, logger, ...limits })) // 6. global rate limit
    if (config.SPA_DIR) app.use(await serveSpa(resolve(root, config.SPA_DIR))) // 7a. the built SPA
    app.use(jsonOnly()) // 7b. JSON bodies only on /api
    for (const handler of stages.beforeAuth) app.use(handler) // 7c. contributed `beforeAuth` middleware
    for (const { resolved, server } of servers) {
      // 7. the layer routers, in registry order
      const deps = resolveDeps(server.deps, services, resolved.id)
      const context = {
        layer: resolved,
        layers,
        migrationNames,
        config,
        env,
        root,
        database,
        cache,
        mail,
        jobs,
        logger: logger.child({ layer: resolved.id }),
        extensions,
        messages,
        stages: { afterTenant: stages.afterTenant },
        services,
        lifecycle,
      }
      const instance = await server.init(context, deps)
      if (instance.services) services.provide(resolved.id, instance.services)
      if (instance.close) closers.push(instance.close)
      if (services.has('core.layerSwitches')) switches ??= services.get('core.layerSwitches')
      // The gate: a layer switched off globally answers 404 LAYER_DISABLED on all its routes,
      // and each request learns which layer it reached (layer 2 checks the tenant's switch).
      const gate = layerGate(resolved.id, isOn)
      // Hono's `/x/*` matches `/x` itself too.
      if (instance.router && resolved.prefix) app.use(`${resolved.prefix}/*`, gate)
      if (instance.router) app.route(resolved.prefix ?? '/', instance.router)
      if (instance.adminRouter) {
        app.use(`/api/admin/${resolved.id}/*`, gate)
        app.route(`/api/admin/${resolved.id}`, instance.adminRouter)
      }
    }
    mountDocs(app, { title: 'Stratum API', version: coreManifest.version })
    app.notFound(notFoundHandler(() => app.routes))
    app.onError(errorHandler(logger)) // 8. the error handler
    // Every layer has defined its job types by now.
    await jobs.start()

    return {
      app,
      config,
      layers,
      platform: { database, cache, mail, jobs, logger, services, extensions, messages },
      lifecycle,
      close: closePlatform,
    }
  } catch (error) {
    await closePlatform().catch(() => undefined)
    throw error
  }
}

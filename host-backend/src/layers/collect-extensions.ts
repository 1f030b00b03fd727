import type { MiddlewareHandler } from 'hono'
import type { Logger } from 'winston'
import {
  ExtensionRegistry,
  MessageCatalog,
  composeMiddleware,
  type AnyServerLayer,
  type CacheStore,
  type Database,
  type PlatformConfig,
} from '@stratum/layer-core/server'
import type { ResolvedLayer } from '@stratum/layer-core/shared'

/** The platform a layer's `contributes` function may use. */
export interface ContributionPlatform {
  config: PlatformConfig
  env: Readonly<Record<string, string | undefined>>
  database: Database
  cache: CacheStore
  logger: Logger
}

/** What the host builds from the contributions, before any layer's `init`. */
export interface CollectedExtensions {
  extensions: ExtensionRegistry
  messages: MessageCatalog
  stages: { beforeAuth: MiddlewareHandler[]; afterTenant: MiddlewareHandler | undefined }
}

/**
 * Collects every enabled layer's contributions in registry order. A point is live only when an
 * enabled layer owns it; contributions to other points are dropped quietly (a debug line says so),
 * so a layer works the same whether or not the owner of a point it feeds is on.
 */
export function collectExtensions(
  servers: ReadonlyArray<{ resolved: ResolvedLayer; server: AnyServerLayer }>,
  platform: ContributionPlatform,
  /**
   * Whether a layer is on for a request's tenant: contributed `afterTenant` middleware of a layer
   * that is off for the tenant is passed over. @default every contribution runs
   */
  isOn?: (layer: string, tenantId: string | undefined) => boolean,
): CollectedExtensions {
  const owners = new Map<string, string>()
  for (const { resolved, server } of servers) {
    for (const point of server.extensionPoints ?? []) {
      const owner = owners.get(point)
      if (owner) {
        throw new Error(
          `Layers '${owner}' and '${resolved.id}' both declare the extension point '${point}'.`,
        )
      }
      if (!point.startsWith(`${resolved.id}.`)) {
        throw new Error(
          `Layer '${resolved.id}' declares the extension point '${point}', whose id must start with '${resolved.id}.'.`,
        )
      }
      owners.set(point, resolved.id)
    }
  }
  const extensions = new ExtensionRegistry(owners)
  for (const { resolved, server } of servers) {
    const given = server.contributes
    if (!given) continue
    const contributions =
      typeof given === 'function'
        ? given({
            layer: resolved,
            ...platform,
            logger: platform.logger.child({ layer: resolved.id }),
          })
        : given
    const dropped = extensions.add(resolved.id, contributions)
    if (dropped.length > 0) {
      platform.logger.debug('contributions to points no enabled layer owns were ignored', {
        layer: resolved.id,
        points: dropped,
      })
    }
  }
  const middleware = extensions.entries('core.middleware')
  const at = (stage: string) =>
    middleware.filter((m) => m.value.stage === stage).map((m) => m.value.handler)
  const afterTenant = middleware
    .filter((m) => m.value.stage === 'afterTenant')
    .map(({ layer, value: { handler } }): MiddlewareHandler => {
      if (!isOn) return handler
      return async (c, next) => {
        if (isOn(layer, c.get('tenantId'))) return handler(c, next)
        // Not `return next()`: what it resolves to is no response to keep.
        await next()
      }
    })
  return {
    extensions,
    messages: new MessageCatalog(extensions.values('core.messages')),
    stages: { beforeAuth: at('beforeAuth'), afterTenant: composeMiddleware(afterTenant) },
  }
}

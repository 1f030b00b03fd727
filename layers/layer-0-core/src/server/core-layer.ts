import { createRoute, z } from '@hono/zod-openapi'
import type { TypedResponse } from 'hono'
import { coreManifest } from '../shared/manifest-core.ts'
import { CoreErrorCode } from '../shared/errors.ts'
import {
  devMailboxResponseSchema,
  healthResponseSchema,
  readyResponseSchema,
  type ReadinessChecks,
} from '../shared/health-api.ts'
import {
  infoResponseSchema,
  layersResponseSchema,
  messageOverridesResponseSchema,
  themeResponseSchema,
} from '../shared/layers-api.ts'
import { LOCALE_CODE_PATTERN } from '../shared/locales.ts'
import { safeText } from '../shared/safe-text.ts'
import { CORE_EXTENSION_POINTS } from './extensions/core-points.ts'
import { AppError } from './app-error.ts'
import { defineServerLayer, type LayerContext } from './contract.ts'
import { errorResponse, jsonResponse } from './openapi-helpers.ts'
import { createRouter } from './router.ts'
import { coreMigrations } from './migrations/index.ts'
import { loadThemeCatalog, type ThemeCatalog } from './theme-catalog.ts'
import { LayerSwitches } from './layer-switches/layer-switches.ts'
import { layersBody } from './layer-switches/layers-body.ts'

declare module './platform/services.ts' {
  interface StratumServices {
    /** Themes under `themes/` and the subdomain rule that picks one. */
    'core.themes': ThemeCatalog
    /** Run-time layer switches, globally and per tenant; `isOn` answers from memory. */
    'core.layerSwitches': LayerSwitches
  }
}

const tags = ['core']

const healthRoute = createRoute({
  method: 'get',
  path: '/health',
  tags,
  summary: 'Liveness: answers without touching any dependency',
  responses: { 200: jsonResponse(healthResponseSchema, 'The process is alive') },
})

const readyRoute = createRoute({
  method: 'get',
  path: '/health/ready',
  tags,
  summary: 'Readiness: checks the database and the cache',
  responses: {
    200: jsonResponse(readyResponseSchema, 'Every dependency answers'),
    503: errorResponse('A dependency is down (named in the message and details), or shutting down'),
  },
})

const layersRoute = createRoute({
  method: 'get',
  path: '/api/core/layers',
  tags,
  summary: 'The installed layers in registry order, each on or off for the tenant named',
  description:
    'With `X-Tenant-ID` from a signed-in member of that tenant (or a superadmin), `enabled` is ' +
    "the tenant's effective state; otherwise the global state (`tenantId` null).",
  responses: { 200: jsonResponse(layersResponseSchema, 'Resolved layers') },
})

const messagesRoute = createRoute({
  method: 'get',
  path: '/api/core/messages/{locale}',
  tags,
  summary: 'Messages that message sources add or override for one locale',
  request: {
    params: z.object({
      locale: safeText().max(35).regex(LOCALE_CODE_PATTERN, 'must be a BCP 47 code like pt-BR'),
    }),
  },
  responses: {
    200: jsonResponse(messageOverridesResponseSchema, 'Namespace → messages; empty with no source'),
    400: errorResponse('The locale is not a BCP 47 code'),
    404: errorResponse('The locale is not live'),
  },
})

const infoRoute = createRoute({
  method: 'get',
  path: '/api/core/info',
  tags,
  summary: 'Platform version and enabled layers',
  responses: { 200: jsonResponse(infoResponseSchema, 'Platform info') },
})

const themeRoute = createRoute({
  method: 'get',
  path: '/api/core/theme',
  tags,
  summary: 'The theme the subdomain names, and the default theme',
  responses: { 200: jsonResponse(themeResponseSchema, 'Theme detection before sign-in') },
})

const mailboxRoute = createRoute({
  method: 'get',
  path: '/api/core/dev/mailbox',
  tags,
  summary: 'Messages kept by the dev mailbox (embedded defaults only)',
  responses: {
    200: jsonResponse(devMailboxResponseSchema, 'Newest first'),
    404: errorResponse('SMTP is configured or the app runs in production'),
  },
})

/** Readiness probes never wait longer than this per dependency. */
const PROBE_TIMEOUT_MS = 800

async function probe(check: () => Promise<void>): Promise<'up' | 'down'> {
  let timer: NodeJS.Timeout | undefined
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error('probe timed out')), PROBE_TIMEOUT_MS)
  })
  try {
    await Promise.race([check(), timeout])
    return 'up'
  } catch {
    return 'down'
  } finally {
    clearTimeout(timer)
  }
}

function coreRouter(ctx: LayerContext, themes: ThemeCatalog, switches: LayerSwitches) {
  const info = {
    name: 'Stratum',
    version: coreManifest.version,
    layers: ctx.layers.map((l) => l.id),
  }
  const mailbox = ctx.config.NODE_ENV === 'production' ? undefined : ctx.mail.mailbox
  const features = [
    ...(mailbox ? ['dev-mailbox'] : []),
    ...(ctx.messages.hasSources ? ['message-overrides'] : []),
  ]
  const body = layersBody(ctx.layers, features, ctx.messages, switches)

  return createRouter()
    .openapi(healthRoute, (c) => c.json({ status: 'ok' as const }, 200))
    .openapi(readyRoute, async (c) => {
      if (ctx.lifecycle.shuttingDown) {
        throw new AppError(503, CoreErrorCode.SHUTTING_DOWN, 'The server is shutting down.')
      }
      const [database, cache] = await Promise.all([
        probe(() => ctx.database.ping(PROBE_TIMEOUT_MS)),
        probe(() => ctx.cache.ping()),
      ])
      const checks: ReadinessChecks = { database, cache }
      const down = Object.entries(checks).filter(([, state]) => state === 'down')
      if (down.length > 0) {
        const names = down.map(([name]) => name).join(' and ')
        throw new AppError(503, CoreErrorCode.NOT_READY, `Not ready: ${names} down.`, { checks })
      }
      return c.json({ status: 'ready' as const, checks }, 200)
    })
    .openapi(layersRoute, async (c) => {
      // Only a request that names a tenant asks layer 2 who the caller is; the rest stay cheap.
      const directory = c.req.header('x-tenant-id') ? switches.tenantDirectory : undefined
      const tenantId = directory ? await directory.memberTenant(c) : undefined
      return c.body(body(tenantId), 200, {
        'content-type': 'application/json',
      }) as unknown as TypedResponse<z.output<typeof layersResponseSchema>, 200, 'json'>
    })
    .openapi(messagesRoute, async (c) => {
      const { locale } = c.req.valid('param')
      if (!ctx.messages.has(locale)) {
        throw new AppError(404, CoreErrorCode.NOT_FOUND, `The locale '${locale}' is not live.`)
      }
      const tenantId = c.get('tenantId')
      const messages = await ctx.messages.overrides(locale, tenantId ? { tenantId } : {})
      return c.json({ locale, messages }, 200)
    })
    .openapi(infoRoute, (c) => c.json(info, 200))
    .openapi(themeRoute, (c) => {
      const host = c.req.header('host')
      return c.json(
        {
          subdomain: themes.bySubdomain(host)?.name ?? null,
          default: themes.defaultTheme().name,
          available: themes.names(),
        },
        200,
      )
    })
    .openapi(mailboxRoute, (c) => {
      if (!mailbox)
        throw new AppError(404, CoreErrorCode.NOT_FOUND, 'There is no dev mailbox here.')
      const messages = mailbox.list().map((m) => ({
        id: m.id,
        from: m.from,
        to: m.to,
        subject: m.subject,
        text: m.text,
        html: m.html,
        sentAt: m.sentAt,
      }))
      return c.json({ messages }, 200)
    })
}

/** Server half of layer 0: health, the registry's state, platform info and the dev mailbox. */
export const coreServerLayer = defineServerLayer({
  manifest: coreManifest,
  migrations: coreMigrations,
  extensionPoints: CORE_EXTENSION_POINTS,
  init: async (ctx) => {
    const themes = await loadThemeCatalog(ctx.root, ctx.config.DEFAULT_THEME, ctx.logger)
    const switches = new LayerSwitches({
      layers: ctx.layers,
      database: ctx.database,
      cache: ctx.cache,
      logger: ctx.logger,
      migrationNames: ctx.migrationNames,
    })
    await switches.start()
    return {
      router: coreRouter(ctx, themes, switches),
      services: { 'core.themes': themes, 'core.layerSwitches': switches },
      close: async () => switches.close(),
    }
  },
})

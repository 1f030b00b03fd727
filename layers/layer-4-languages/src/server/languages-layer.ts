import {
  createRouter,
  defineServerLayer,
  serviceRef,
  type Database,
  type MessageSource,
} from '@stratum/layer-core/server'
import type {} from '@stratum/layer-multitenant/server'
import { languagesManifest } from '../shared/manifest.ts'
import { languagesPermissions } from '../shared/permissions.ts'
import { adminLocaleRoutes } from './admin-locale-routes.ts'
import { adminMissingRoutes } from './admin-missing-routes.ts'
import { adminTranslationRoutes } from './admin-translation-routes.ts'
import { loadCompiledCatalog } from './compiled-messages.ts'
import { csvRoutes } from './csv-routes.ts'
import { LiveTranslations } from './live-translations.ts'
import { languagesMigrations } from './migrations/index.ts'
import { publicRoutes } from './public-routes.ts'

/**
 * One {@link LiveTranslations} per database: built when the host collects contributions (core's
 * message catalog needs the source before any `init`), completed in `init`. Keyed by database so
 * two hosts in one process (two replicas in a test) keep theirs apart.
 */
const runtimes = new WeakMap<Database, LiveTranslations>()

/**
 * Server half of layer 4. Contributes a `core.messages` source (database locales and values, so
 * mail texts and `/api/core/messages` follow them) and its permissions to
 * `multitenant.permissions` (dropped quietly when layer 2 is off).
 */
export const languagesServerLayer = defineServerLayer({
  manifest: languagesManifest,
  migrations: languagesMigrations,
  contributes: (platform) => {
    const live = new LiveTranslations(platform.database, platform.cache, platform.logger)
    runtimes.set(platform.database, live)
    const source: MessageSource = {
      get locales() {
        return live.liveLocales
      },
      load: (locale, scope) => live.messageBundle(locale, scope.tenantId, scope.transaction),
    }
    return { 'core.messages': source, 'multitenant.permissions': languagesPermissions }
  },
  deps: {
    requireAuth: serviceRef('auth.requireAuth'),
    currentUser: serviceRef('auth.currentUser'),
    tenantDb: serviceRef('multitenant.tenantDb', { optional: true }),
  },
  init: async (ctx, { requireAuth, currentUser, tenantDb }) => {
    const live = runtimes.get(ctx.database)
    if (!live) throw new Error('The languages layer was initialised without its contributions.')
    const compiled = await loadCompiledCatalog({
      root: ctx.root,
      layers: ctx.layers,
      server: ctx.messages.registered(),
      logger: ctx.logger,
    })
    live.useCompiled(compiled)
    await live.loadLocales()
    const deps = {
      database: ctx.database,
      requireAuth,
      currentUser,
      tenantDb,
      live,
      compiled,
      tags: [...ctx.layer.openapiTags],
    }
    return {
      router: publicRoutes({ ...deps, cache: ctx.cache }),
      adminRouter: createRouter()
        .route('/', adminTranslationRoutes({ ...deps, tags: ['languages-admin'] }))
        .route('/', adminLocaleRoutes({ ...deps, tags: ['languages-admin'] }))
        .route('/', adminMissingRoutes({ ...deps, tags: ['languages-admin'] }))
        .route('/', csvRoutes({ ...deps, tags: ['languages-admin'] })),
    }
  },
})

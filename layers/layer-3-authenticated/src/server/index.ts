import type { Kysely } from 'kysely'
import { createRouter, defineServerLayer } from '@stratum/layer-core/server'
import { authenticatedManifest } from '../shared/manifest.ts'
import { clientsRoutes } from './clients-routes.ts'
import { dashboardRoutes } from './dashboard-routes.ts'
import { authenticatedMigrations } from './migrations/index.ts'
import { profileRoutes } from './profile-routes.ts'
import { projectsRoutes } from './projects-routes.ts'
import type { AuthenticatedDatabase } from './tables.ts'
import { tenantSettingsRoutes } from './tenant-settings-routes.ts'

export type { AuthenticatedDatabase } from './tables.ts'

/** Server half of layer 3: clients and projects, dashboard, profile and settings. */
export const authenticatedServerLayer = defineServerLayer({
  manifest: authenticatedManifest,
  migrations: authenticatedMigrations,
  deps: ['multitenant.tenantDb', 'auth.requireAuth', 'auth.currentUser', 'core.themes'],
  init: (ctx) => {
    const tenantDb = ctx.services.get('multitenant.tenantDb', 'authenticated')
    const deps = { tenantDb, hooks: ctx.hooks }
    const router = createRouter()
      .route('/', clientsRoutes(deps))
      .route('/', projectsRoutes(deps))
      .route('/', dashboardRoutes(deps))
      .route(
        '/',
        tenantSettingsRoutes({ ...deps, themes: ctx.services.get('core.themes', 'authenticated') }),
      )
      .route(
        '/',
        profileRoutes({
          db: ctx.database.db as Kysely<AuthenticatedDatabase>,
          hooks: ctx.hooks,
          requireAuth: ctx.services.get('auth.requireAuth', 'authenticated'),
          currentUser: ctx.services.get('auth.currentUser', 'authenticated'),
        }),
      )
    return { router }
  },
})

import type { Kysely } from 'kysely'
import { createRouter, defineServerLayer, serviceRef } from '@stratum/layer-core/server'
import { authenticatedManifest } from '../shared/manifest.ts'
import { authenticatedPermissions } from '../shared/permissions.ts'
import { clientsRoutes } from './clients-routes.ts'
import { dashboardRoutes } from './dashboard-routes.ts'
import { authenticatedDemoData } from './demo-data.ts'
import { authenticatedMigrations } from './migrations/index.ts'
import { profileRoutes } from './profile-routes.ts'
import { projectsRoutes } from './projects-routes.ts'
import { reportsRoutes } from './reports-routes.ts'
import type { AuthenticatedDatabase } from './tables.ts'
import { tenantSettingsRoutes } from './tenant-settings-routes.ts'

export type { AuthenticatedDatabase } from './tables.ts'
export { authenticatedDemoData } from './demo-data.ts'

/** Server half of layer 3: clients and projects, dashboard, profile and settings. */
export const authenticatedServerLayer = defineServerLayer({
  manifest: authenticatedManifest,
  migrations: authenticatedMigrations,
  contributes: {
    'multitenant.permissions': authenticatedPermissions,
    'multitenant.demoData': authenticatedDemoData,
  },
  deps: {
    tenantDb: serviceRef('multitenant.tenantDb'),
    requireAuth: serviceRef('auth.requireAuth'),
    currentUser: serviceRef('auth.currentUser'),
    themes: serviceRef('core.themes'),
  },
  init: (ctx, { tenantDb, requireAuth, currentUser, themes }) => {
    const deps = { tenantDb }
    const router = createRouter()
      .route('/', clientsRoutes(deps))
      .route('/', projectsRoutes(deps))
      .route('/', dashboardRoutes(deps))
      .route('/', reportsRoutes(deps))
      .route('/', tenantSettingsRoutes({ ...deps, themes }))
      .route(
        '/',
        profileRoutes({
          db: ctx.database.db as Kysely<AuthenticatedDatabase>,
          requireAuth,
          currentUser,
          messages: ctx.messages,
        }),
      )
    return { router }
  },
})

import { createRouter, defineServerLayer } from '@stratum/layer-core/server'
import { authenticatedManifest } from '../shared/manifest.ts'
import { clientsRoutes } from './clients-routes.ts'
import { authenticatedMigrations } from './migrations/index.ts'
import { projectsRoutes } from './projects-routes.ts'

export type { AuthenticatedDatabase } from './tables.ts'

/** Server half of layer 3: clients and projects. */
export const authenticatedServerLayer = defineServerLayer({
  manifest: authenticatedManifest,
  migrations: authenticatedMigrations,
  deps: ['multitenant.tenantDb'],
  init: (ctx) => {
    const tenantDb = ctx.services.get('multitenant.tenantDb', 'authenticated')
    const deps = { tenantDb, hooks: ctx.hooks }
    const router = createRouter().route('/', clientsRoutes(deps)).route('/', projectsRoutes(deps))
    return { router }
  },
})

import { createRouter, defineServerLayer } from '@stratum/layer-core/server'
import { multitenantManifest } from '../shared/manifest.ts'
import { accessRoutes } from './access-routes.ts'
import { adminRoutes } from './admin-routes.ts'
import { seedDemo } from './demo-seed.ts'
import { membersRoutes } from './members-routes.ts'
import { multitenantMigrations } from './migrations/index.ts'
import { rolesRoutes } from './roles-routes.ts'
import { TenantDb } from './tenant-context.ts'

export { isolateTenantTable } from './migrations/20260701000000_tenancy.ts'
export { tenantHeaders, TenantDb, type TenantContext } from './tenant-context.ts'
export { createTenant, addMember } from './tenant-service.ts'
export { DEMO_EMAIL } from './demo-seed.ts'
export type { MultitenantDatabase } from './tables.ts'

declare module '@stratum/layer-core/server' {
  interface StratumServices {
    /** Tenant-scoped transactions, tenant context and permission checks for every layer. */
    'multitenant.tenantDb': TenantDb
  }
}

/** Server half of layer 2: tenants, roles, permissions and row-level isolation. */
export const multitenantServerLayer = defineServerLayer({
  manifest: multitenantManifest,
  migrations: multitenantMigrations,
  deps: ['auth.requireAuth', 'auth.currentUser'],
  init: async (ctx) => {
    const requireAuth = ctx.services.get('auth.requireAuth', 'multitenant')
    const currentUser = ctx.services.get('auth.currentUser', 'multitenant')
    const tenantDb = new TenantDb(ctx.database, ctx.cache, currentUser, requireAuth)
    const appOrigin = (host: string | undefined) =>
      ctx.config.PUBLIC_ORIGINS[0] ?? `http://${host ?? 'localhost'}`
    const deps = { tenantDb, hooks: ctx.hooks }
    // The demo data is for the embedded start only, never for a real database.
    if (
      ctx.database.kind === 'pglite' &&
      ctx.config.NODE_ENV === 'development' &&
      ctx.env.DEMO_SEED !== 'false'
    ) {
      await seedDemo(ctx.database, ctx.logger)
    }
    const router = createRouter()
      .route('/', accessRoutes({ ...deps, database: ctx.database, requireAuth, currentUser }))
      .route('/', membersRoutes({ ...deps, mail: ctx.mail, appOrigin }))
      .route('/', rolesRoutes(deps))
    return {
      router,
      adminRouter: adminRoutes({ ...deps, database: ctx.database, requireAuth, currentUser }),
      services: { 'multitenant.tenantDb': tenantDb },
    }
  },
})

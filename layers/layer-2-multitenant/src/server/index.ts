import { createRouter, defineServerLayer, serviceRef } from '@stratum/layer-core/server'
import { multitenantManifest } from '../shared/manifest.ts'
import { accessRoutes } from './access-routes.ts'
import { adminRoutes } from './admin-routes.ts'
import { seedDemo } from './demo-seed.ts'
import { membersRoutes } from './members-routes.ts'
import { multitenantMigrations } from './migrations/index.ts'
import { buildPermissionCatalogue, multitenantPermissions } from './permission-catalogue.ts'
import { syncPermissionCatalogue } from './permission-sync.ts'
import { loadMultitenantSettings } from './multitenant-settings.ts'
import { rolesRoutes } from './roles-routes.ts'
import { TenantDb } from './tenant-context.ts'

export { isolateTenantTable } from './migrations/20260701000000_tenancy.ts'
export {
  tenantHeaders,
  TenantDb,
  type TenantContext,
  type TenantDbOptions,
} from './tenant-context.ts'
export { createTenant, addMember } from './tenant-service.ts'
export { DEMO_EMAIL } from './demo-seed.ts'
export type { MultitenantDatabase } from './tables.ts'
export { changedFields } from './changed-fields.ts'
export { containsPattern } from './contains-pattern.ts'
export { toIsoDate } from './iso-date.ts'
export { isUniqueViolation } from './unique-violation.ts'

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
  extensionPoints: ['multitenant.permissions'],
  contributes: { 'multitenant.permissions': multitenantPermissions },
  deps: {
    requireAuth: serviceRef('auth.requireAuth'),
    currentUser: serviceRef('auth.currentUser'),
  },
  init: async (ctx, { requireAuth, currentUser }) => {
    // First: every tenant created from here on (the demo seed's too) copies the grants synced here.
    const catalogue = buildPermissionCatalogue(ctx.extensions.entries('multitenant.permissions'))
    const enabledLayers = ctx.layers.map((layer) => layer.id)
    await ctx.database.withMigrationLock((owner) =>
      syncPermissionCatalogue(owner, catalogue, enabledLayers),
    )
    const settings = loadMultitenantSettings(ctx.env)
    const tenantDb = new TenantDb({
      database: ctx.database,
      cache: ctx.cache,
      logger: ctx.logger,
      currentUser,
      requireAuth,
      afterTenant: ctx.stages.afterTenant,
    })
    const appOrigin = (host: string | undefined) =>
      ctx.config.PUBLIC_ORIGINS[0] ?? `http://${host ?? 'localhost'}`
    const deps = { tenantDb }
    // The demo data is for the embedded start only, never for a real database.
    if (
      ctx.database.kind === 'pglite' &&
      ctx.config.NODE_ENV === 'development' &&
      settings.demoSeed
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

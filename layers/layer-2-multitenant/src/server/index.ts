import { createRouter, defineServerLayer, serviceRef } from '@stratum/layer-core/server'
import { multitenantManifest } from '../shared/manifest.ts'
import { accessRoutes } from './access-routes.ts'
import { adminRoutes } from './admin-routes.ts'
import { DEMO_EMAIL, DEMO_TENANT_SLUGS, seedDemo } from './demo-seed.ts'
import { impersonationTenantCheck } from './impersonation-tenant.ts'
import { inviteCleanupJob } from './invite-cleanup.ts'
import { inviteMailJob } from './invite-mail-job.ts'
import { invitePreviewRoutes } from './invite-preview-routes.ts'
import { INVITE_MAIL_MESSAGES } from './mail/invite-mail-messages.ts'
import { membersRoutes } from './members-routes.ts'
import { multitenantMigrations } from './migrations/index.ts'
import { buildPermissionCatalogue, multitenantPermissions } from './permission-catalogue.ts'
import { syncPermissionCatalogue } from './permission-sync.ts'
import { loadMultitenantSettings } from './multitenant-settings.ts'
import { rolesRoutes } from './roles-routes.ts'
import { TenantDb } from './tenant-context.ts'
import { TenantChanges } from './tenant-changes.ts'
import { ResponseMemo } from './response-memo.ts'
import { tenantDirectory } from './tenant-directory.ts'
import { adminLayerRoutes, tenantLayerRoutes } from './layer-switch-routes.ts'

export { isolateTenantTable } from './migrations/20260701000000_tenancy.ts'
export {
  TENANT_DATA_CHANNEL,
  watchTenantData,
} from './migrations/20261203000000_tenant_data_changes.ts'
export {
  tenantHeaders,
  TenantDb,
  type TenantContext,
  type TenantDbOptions,
} from './tenant-context.ts'
export { createTenant, addMember } from './tenant-service.ts'
export {
  DEMO_EMAIL,
  DEMO_TENANT_SLUGS,
  seedDemo,
  type DemoDataContribution,
  type DemoTenant,
} from './demo-seed.ts'
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
  extensionPoints: ['multitenant.permissions', 'multitenant.demoData'],
  contributes: ({ database }) => ({
    'multitenant.permissions': multitenantPermissions,
    'auth.impersonationTenant': impersonationTenantCheck(database),
  }),
  deps: {
    requireAuth: serviceRef('auth.requireAuth'),
    currentUser: serviceRef('auth.currentUser'),
    switches: serviceRef('core.layerSwitches'),
    themes: serviceRef('core.themes'),
  },
  init: async (ctx, { requireAuth, currentUser, switches, themes }) => {
    // First: every tenant created from here on (the demo seed's too) copies the grants synced here.
    const catalogue = buildPermissionCatalogue(ctx.extensions.entries('multitenant.permissions'))
    const enabledLayers = ctx.layers.map((layer) => layer.id)
    await ctx.database.withMigrationLock((owner) =>
      syncPermissionCatalogue(owner, catalogue, enabledLayers),
    )
    const settings = loadMultitenantSettings(ctx.env)
    // Answers from memory need every change heard: the cache is on only while this listens.
    const changes = new TenantChanges(ctx.logger)
    const responses =
      settings.responseCacheEntries > 0
        ? new ResponseMemo({ maxEntries: settings.responseCacheEntries })
        : undefined
    if (responses) await changes.start(ctx.database)
    const tenantDb = new TenantDb({
      database: ctx.database,
      cache: ctx.cache,
      logger: ctx.logger,
      currentUser,
      requireAuth,
      afterTenant: ctx.stages.afterTenant,
      layerSwitches: switches,
      permissions: catalogue.permissions,
      changes,
      responses,
    })
    switches.setTenantDirectory(tenantDirectory({ database: ctx.database, tenantDb, requireAuth }))
    const switchDeps = { switches, tenantDb, requireAuth, currentUser }
    const appOrigin = (host: string | undefined) =>
      ctx.config.PUBLIC_ORIGINS[0] ?? `http://${host ?? 'localhost'}`
    ctx.messages.register('multitenant', INVITE_MAIL_MESSAGES)
    const deps = { tenantDb }
    // The demo data is for the embedded start only, never for a real database.
    if (
      ctx.database.kind === 'pglite' &&
      ctx.config.NODE_ENV === 'development' &&
      settings.demoSeed
    ) {
      const contributions = ctx.extensions.values('multitenant.demoData')
      await seedDemo(ctx.database, contributions)
      ctx.logger.info('demo data seeded', {
        tenants: DEMO_TENANT_SLUGS,
        user: DEMO_EMAIL,
        layers: contributions.map((c) => c.name),
      })
    }
    ctx.jobs.define(
      inviteMailJob({
        database: ctx.database,
        mail: ctx.mail,
        themes,
        mailFrom: ctx.config.MAIL_FROM,
      }),
    )
    ctx.jobs.define(
      inviteCleanupJob({
        database: ctx.database,
        afterDays: settings.invitesRetentionDays,
        cron: ctx.config.CLEANUP_CRON,
        logger: ctx.logger,
      }),
    )
    const router = createRouter()
      .route('/', accessRoutes({ ...deps, database: ctx.database, requireAuth, currentUser }))
      .route('/', invitePreviewRoutes({ database: ctx.database, requireAuth, currentUser }))
      .route(
        '/',
        membersRoutes({ ...deps, jobs: ctx.jobs, messages: ctx.messages, appOrigin, themes }),
      )
      .route('/', rolesRoutes(deps))
      .route('/', tenantLayerRoutes(switchDeps))
    const adminRouter = createRouter()
      .route('/', adminRoutes({ ...deps, database: ctx.database, requireAuth, currentUser }))
      .route('/', adminLayerRoutes(switchDeps))
    return {
      router,
      adminRouter,
      services: { 'multitenant.tenantDb': tenantDb },
      close: () => changes.close(),
    }
  },
})

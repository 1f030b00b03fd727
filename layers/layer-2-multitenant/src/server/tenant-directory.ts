import type { MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import { AppError, type Database, type TenantDirectory } from '@stratum/layer-core/server'
import type { MultitenantDatabase } from './tables.ts'
import type { TenantDb } from './tenant-context.ts'

/**
 * What core's layer switches learn from this layer: whether the caller may see a tenant's
 * switches (a signed-in member, or a superadmin), and the slugs and names of live tenants.
 */
export function tenantDirectory(deps: {
  database: Database
  tenantDb: TenantDb
  requireAuth: MiddlewareHandler
}): TenantDirectory {
  const db = deps.database.db as Kysely<MultitenantDatabase>
  return {
    async memberTenant(c) {
      let tenantId: string | undefined
      try {
        await deps.requireAuth(c, async () => {
          tenantId = (await deps.tenantDb.resolve(c)).tenant.id
        })
      } catch (error) {
        // Not signed in, not a member, no such tenant: the global state, and no hint why.
        if (error instanceof AppError) return undefined
        throw error
      }
      return tenantId
    },
    async describe(ids, through) {
      if (ids.length === 0) return new Map()
      const rows = await ((through as Kysely<MultitenantDatabase> | undefined) ?? db)
        .selectFrom('tenants')
        .select(['id', 'slug', 'name'])
        .where('id', 'in', ids)
        .where('deleted_at', 'is', null)
        .execute()
      return new Map(rows.map((r) => [r.id, { slug: r.slug, name: r.name }]))
    },
  }
}

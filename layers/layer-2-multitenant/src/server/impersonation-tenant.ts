import type { Kysely } from 'kysely'
import type { Database } from '@stratum/layer-core/server'
import type { ImpersonationTenantCheck } from '@stratum/layer-auth/server'
import type { MultitenantDatabase } from './tables.ts'

/**
 * Layer 2's `auth.impersonationTenant`: a superadmin may act as a user only in a live, active
 * tenant the user is a member of. Read in a read-only transaction of that tenant, so row-level
 * security shows its memberships only.
 */
export const impersonationTenantCheck =
  (database: Database): ImpersonationTenantCheck =>
  ({ tenantId, userId }) =>
    database.withSettings(
      { 'app.tenant_id': tenantId },
      async (trx) => {
        const db = trx as Kysely<MultitenantDatabase>
        const tenant = await db
          .selectFrom('tenants')
          .select(['slug', 'is_active', 'deleted_at'])
          .where('id', '=', tenantId)
          .executeTakeFirst()
        if (!tenant || tenant.deleted_at !== null) return 'There is no such tenant.'
        if (!tenant.is_active) return `The tenant '${tenant.slug}' is inactive.`
        const member = await db
          .selectFrom('tenant_user_roles')
          .select('user_id')
          .where('tenant_id', '=', tenantId)
          .where('user_id', '=', userId)
          .executeTakeFirst()
        return member ? undefined : `The user is not a member of '${tenant.slug}'.`
      },
      undefined,
      { readOnly: true },
    )

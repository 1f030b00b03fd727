import { sql, type Kysely, type Selectable } from 'kysely'
import { AppError, type Database } from '@stratum/layer-core/server'
import { MultitenantErrorCode } from '../shared/errors.ts'
import { TENANT_SYSTEM_ROLES } from '../shared/roles.ts'
import type { Tenant } from '../shared/schemas.ts'
import { toIsoDate } from './iso-date.ts'
import { grantSystemRole } from './permission-sync.ts'
import type { MultitenantDatabase } from './tables.ts'
import { isUniqueViolation } from './unique-violation.ts'

const ROLE_NAMES: Record<string, string> = {
  account_admin: 'Account admin',
  user: 'User',
  viewer: 'Viewer',
}

/** The public form of a tenant row. */
export function toTenant(row: Selectable<MultitenantDatabase['tenants']>): Tenant {
  return {
    id: row.id,
    slug: row.slug,
    name: row.name,
    theme: row.theme ?? null,
    settings: row.settings ?? {},
    isActive: row.is_active,
    createdAt: toIsoDate(row.created_at),
    deletedAt: toIsoDate(row.deleted_at),
  }
}

/**
 * Creates a tenant with its system roles and their grants, all in one transaction: a failure
 * halfway leaves no tenant without roles. The tenant id is chosen first so the role rows can be
 * written under that tenant's row-level security. The grants are `system_role_grants`: what the
 * last start synced into every existing tenant from the `multitenant.permissions` contributions.
 */
export async function createTenant(
  database: Database,
  input: { name: string; slug: string; theme?: string },
): Promise<Tenant> {
  const { rows } = await sql<{ id: string }>`select gen_random_uuid() as id`.execute(database.db)
  const id = rows[0]!.id
  try {
    return await database.withSettings({ 'app.tenant_id': id }, async (raw) => {
      const trx = raw as Kysely<MultitenantDatabase>
      const tenant = await trx
        .insertInto('tenants')
        .values({ id, name: input.name, slug: input.slug, theme: input.theme ?? null })
        .returningAll()
        .executeTakeFirstOrThrow()
      for (const key of TENANT_SYSTEM_ROLES) {
        const role = await trx
          .insertInto('roles')
          .values({
            tenant_id: id,
            key,
            name: ROLE_NAMES[key]!,
            is_system: true,
            description: `System role: ${key}`,
          })
          .returning('id')
          .executeTakeFirstOrThrow()
        await grantSystemRole(trx, id, role.id, key)
      }
      return toTenant(tenant)
    })
  } catch (error) {
    if (isUniqueViolation(error, 'tenants_slug_key')) {
      throw new AppError(
        409,
        MultitenantErrorCode.SLUG_TAKEN,
        `The slug '${input.slug}' is taken.`,
        { fields: { slug: ['This slug is taken.'] } },
      )
    }
    throw error
  }
}

/** Adds a user to a tenant with a system or custom role (by key), inside that tenant's RLS scope. */
export async function addMember(
  trx: Kysely<MultitenantDatabase>,
  tenantId: string,
  userId: string,
  roleKey: string,
): Promise<void> {
  const role = await trx
    .selectFrom('roles')
    .select('id')
    .where('tenant_id', '=', tenantId)
    .where('key', '=', roleKey)
    .executeTakeFirst()
  if (!role)
    throw new AppError(
      404,
      MultitenantErrorCode.ROLE_NOT_FOUND,
      `There is no role '${roleKey}' in this tenant.`,
    )
  await trx
    .insertInto('tenant_user_roles')
    .values({ tenant_id: tenantId, user_id: userId, role_id: role.id })
    .onConflict((oc) => oc.columns(['tenant_id', 'user_id']).doUpdateSet({ role_id: role.id }))
    .execute()
}

import { sql, type Kysely } from 'kysely'
import { AppError, type Database } from '@stratum/layer-core/server'
import { MultitenantErrorCode } from '../shared/errors.ts'
import { SYSTEM_ROLES, TENANT_SYSTEM_ROLES } from '../shared/roles.ts'
import type { Tenant } from '../shared/schemas.ts'
import type { MultitenantDatabase } from './tables.ts'

const ROLE_NAMES: Record<string, string> = {
  account_admin: 'Account admin',
  user: 'User',
  viewer: 'Viewer',
}

type TenantRow = MultitenantDatabase['tenants'] extends infer T
  ? { [K in keyof T]: unknown }
  : never

const iso = (d: unknown) =>
  d === null || d === undefined ? null : new Date(d as string).toISOString()

/** The public form of a tenant row. */
export function toTenant(row: Record<keyof TenantRow, unknown>): Tenant {
  return {
    id: row.id as string,
    slug: row.slug as string,
    name: row.name as string,
    theme: (row.theme as string | null) ?? null,
    settings: (row.settings as Record<string, unknown>) ?? {},
    isActive: row.is_active as boolean,
    createdAt: iso(row.created_at)!,
    deletedAt: iso(row.deleted_at),
  }
}

/**
 * Creates a tenant with its system roles and their grants, all in one transaction: a failure
 * halfway leaves no tenant without roles. The tenant id is chosen first so the role rows can be
 * written under that tenant's row-level security.
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
        await trx
          .insertInto('role_permissions')
          .values(
            SYSTEM_ROLES[key].map((permission) => ({
              tenant_id: id,
              role_id: role.id,
              permission,
            })),
          )
          .execute()
      }
      return toTenant(tenant)
    })
  } catch (error) {
    if (error instanceof Error && /tenants_slug_key|duplicate key/.test(error.message)) {
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

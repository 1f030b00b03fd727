import type { Kysely } from 'kysely'
import { AppError } from '@stratum/layer-core/server'
import { missingPermission, type Subject } from '../shared/can.ts'
import { MultitenantErrorCode } from '../shared/errors.ts'
import type { MultitenantDatabase } from './tables.ts'

type Transaction = Kysely<MultitenantDatabase>
/** Whoever hands a role out: what they hold in the tenant. */
export type RoleGiver = Pick<Subject, 'isSuperadmin' | 'permissions'>

/** What a role grants, sorted, so an error always names the same missing permission. */
export async function rolePermissions(
  trx: Transaction,
  tenantId: string,
  roleId: string,
): Promise<string[]> {
  const rows = await trx
    .selectFrom('role_permissions')
    .select('permission')
    .where('tenant_id', '=', tenantId)
    .where('role_id', '=', roleId)
    .orderBy('permission')
    .execute()
  return rows.map((r) => r.permission)
}

/**
 * 403 `ROLE_ABOVE_ACTOR` unless `actor` holds every permission of the role: giving a role is
 * granting its permissions, and nobody grants what they lack.
 */
export function assertAssignable(actor: RoleGiver, permissions: readonly string[]): void {
  const missing = missingPermission(actor, permissions)
  if (missing !== undefined)
    throw new AppError(
      403,
      MultitenantErrorCode.ROLE_ABOVE_ACTOR,
      `You cannot give a role with '${missing}', which you do not hold.`,
      { permission: missing },
    )
}

/** 403 `OWN_ROLE_CHANGE`: nobody changes their own role, whichever way. */
export function refuseOwnRoleChange(): never {
  throw new AppError(
    403,
    MultitenantErrorCode.OWN_ROLE_CHANGE,
    'You cannot change your own role; ask another account admin.',
  )
}

/**
 * What the sender of an invite holds in the tenant now, not when they sent it: a deleted or
 * deactivated account, or one that left the tenant, holds nothing. Their membership is locked
 * (shared) so a concurrent change of it waits for the acceptance.
 */
export async function inviterHolds(
  trx: Transaction,
  tenantId: string,
  inviterId: string | null,
): Promise<RoleGiver> {
  const nothing: RoleGiver = { isSuperadmin: false, permissions: [] }
  if (inviterId === null) return nothing
  const user = await trx
    .selectFrom('auth_users')
    .select(['is_active', 'is_superadmin'])
    .where('id', '=', inviterId)
    .executeTakeFirst()
  if (!user?.is_active) return nothing
  if (user.is_superadmin) return { isSuperadmin: true, permissions: [] }
  const rows = await trx
    .selectFrom('tenant_user_roles as m')
    .leftJoin('role_permissions as p', (j) =>
      j.onRef('p.tenant_id', '=', 'm.tenant_id').onRef('p.role_id', '=', 'm.role_id'),
    )
    .select('p.permission')
    .where('m.tenant_id', '=', tenantId)
    .where('m.user_id', '=', inviterId)
    .forShare('m')
    .execute()
  return { isSuperadmin: false, permissions: rows.flatMap((r) => r.permission ?? []) }
}

/** 403 `INVITE_ROLE_ABOVE_INVITER` unless the inviter still holds every permission of the role. */
export function assertInviterMayGive(inviter: RoleGiver, permissions: readonly string[]): void {
  const missing = missingPermission(inviter, permissions)
  if (missing !== undefined)
    throw new AppError(
      403,
      MultitenantErrorCode.INVITE_ROLE_ABOVE_INVITER,
      `Whoever invited you no longer holds '${missing}', so this invitation cannot give its role. Ask for a new one.`,
      { permission: missing },
    )
}

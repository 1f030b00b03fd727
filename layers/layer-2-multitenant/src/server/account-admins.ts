import type { Kysely } from 'kysely'
import { AppError } from '@stratum/layer-core/server'
import { MultitenantErrorCode } from '../shared/errors.ts'
import type { MultitenantDatabase } from './tables.ts'

/** One account-admin membership of a tenant. */
export interface AdminMembership {
  userId: string
  roleId: string
}

/**
 * The tenant's account-admin memberships, locked until the transaction ends. Lock them before
 * the member row a change touches (every caller does, so two changes cannot deadlock): of two
 * admins demoting each other at once, the second waits, then no longer sees the first as an
 * admin, and is refused.
 */
export async function lockAccountAdmins(
  trx: Kysely<MultitenantDatabase>,
  tenantId: string,
): Promise<AdminMembership[]> {
  const rows = await trx
    .selectFrom('tenant_user_roles as m')
    .innerJoin('roles as r', (j) =>
      j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
    )
    .select(['m.user_id', 'r.id as role_id'])
    .where('m.tenant_id', '=', tenantId)
    .where('r.key', '=', 'account_admin')
    .orderBy('m.user_id')
    .forUpdate('m')
    .execute()
  return rows.map((r) => ({ userId: r.user_id, roleId: r.role_id }))
}

/**
 * 409 `LAST_ACCOUNT_ADMIN` when `userId` is the tenant's only account admin and would not stay
 * one (`nextRoleId` undefined: removed). It binds superadmins too: a tenant nobody inside can
 * manage is not a state to reach by accident, and a superadmin promotes someone first.
 */
export function assertAdminRemains(
  admins: readonly AdminMembership[],
  userId: string,
  nextRoleId: string | undefined,
): void {
  const isAdmin = admins.some((a) => a.userId === userId)
  const staysAdmin = nextRoleId !== undefined && admins.some((a) => a.roleId === nextRoleId)
  if (isAdmin && !staysAdmin && admins.length <= 1)
    throw new AppError(
      409,
      MultitenantErrorCode.LAST_ACCOUNT_ADMIN,
      'A tenant needs at least one account admin; promote someone else first.',
    )
}

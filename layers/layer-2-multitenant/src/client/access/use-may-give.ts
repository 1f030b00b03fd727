import { missingPermission } from '../../shared/can.ts'
import { useTenantStore } from '../stores/tenant-store.ts'

/** May I give a role holding `permissions` in the current tenant? */
export type MayGiveFn = (role: { readonly permissions: readonly string[] }) => boolean

/**
 * Whether the user holds every permission of a role, so may give it to someone (member change,
 * invite). Trims the role pickers only: the server decides again (`ROLE_ABOVE_ACTOR`).
 */
export function useMayGive(): MayGiveFn {
  const tenant = useTenantStore()
  return (role) =>
    missingPermission(
      { isSuperadmin: tenant.isSuperadmin, permissions: tenant.permissions },
      role.permissions,
    ) === undefined
}

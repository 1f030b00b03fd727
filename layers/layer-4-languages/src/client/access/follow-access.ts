import type { Pinia } from 'pinia'
import { watchEffect, type WatchStopHandle } from 'vue'
import { useWordingAccessStore } from '../stores/wording-access-store.ts'

/** What this layer reads of layer 2's tenant store (optional: layer 2 may be disabled). */
export interface TenantSource {
  readonly current?: { readonly id: string; readonly name: string } | undefined
  readonly tenants: readonly { readonly id: string; readonly name: string }[]
  readonly isSuperadmin: boolean
  can(permission: string): boolean
}

/**
 * Keeps the wording access store in step with the session and, when layer 2 is live, the
 * current tenant and role: `i18n.manage` for superadmins, `i18n.tenant-manage` from the role.
 * Without layer 2 only a superadmin edits, and only global values.
 */
export function followWordingAccess(
  pinia: Pinia,
  session: { readonly isAuthenticated: boolean; readonly user?: { isSuperadmin: boolean } },
  tenants: TenantSource | undefined,
): WatchStopHandle {
  const access = useWordingAccessStore(pinia)
  return watchEffect(() => {
    if (!session.isAuthenticated || !session.user)
      return access.set({ manageGlobal: false, manageTenant: false })
    const superadmin = session.user.isSuperadmin || (tenants?.isSuperadmin ?? false)
    const current = tenants?.current
    access.set({
      manageGlobal: superadmin,
      manageTenant: !!current && (tenants?.can('i18n.tenant-manage') ?? false),
      tenant: current ? { id: current.id, name: current.name } : undefined,
      tenants: tenants ? tenants.tenants.map((t) => ({ id: t.id, name: t.name })) : [],
    })
  })
}

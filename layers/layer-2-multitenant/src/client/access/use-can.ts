import type { App } from 'vue'
import type { Resource } from '../../shared/can.ts'
import { useTenantStore, type TenantStore } from '../stores/tenant-store.ts'

/** Whether the user may do `permission` (on `resource`) in the current tenant. */
export type CanFn = (permission: string, resource?: Resource) => boolean

declare module 'vue' {
  interface ComponentCustomProperties {
    /** `v-if="$can('user.invite')"`: hides what the user may not do; the server still decides. */
    $can: CanFn
  }
}

/** `can()` for a component's setup; reactive when read in a template or computed. */
export function useCan(): CanFn {
  const tenant = useTenantStore()
  return (permission, resource) => tenant.can(permission, resource)
}

/** Makes `$can` available to every template. */
export function installCan(app: App, tenant: TenantStore): void {
  app.config.globalProperties.$can = (permission, resource) => tenant.can(permission, resource)
}

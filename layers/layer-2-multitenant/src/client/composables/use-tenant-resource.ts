import { ref, shallowRef, watch, type Ref, type ShallowRef } from 'vue'
import { useTenantStore } from '../stores/tenant-store.ts'

/** A page's data with its loading and error states. */
export interface TenantResource<T> {
  readonly data: ShallowRef<T | undefined>
  readonly error: ShallowRef<unknown>
  readonly loading: Ref<boolean>
  /** Loads again; an answer that arrives after a newer load started is dropped. */
  reload(): Promise<void>
}

/** Options of {@link useTenantResource}. */
export interface TenantResourceOptions {
  /**
   * Reload whenever the user switches tenant (the data belongs to the current tenant).
   * @default true
   */
  perTenant?: boolean
  /** Load only while the user holds this permission (the page leaves otherwise). */
  permission?: string
}

/**
 * Loads data for a page now and, for tenant data, again after each tenant switch, so a page
 * never shows one tenant's rows under another tenant's name.
 */
export function useTenantResource<T>(
  load: () => Promise<T>,
  options: TenantResourceOptions = {},
): TenantResource<T> {
  const tenant = useTenantStore()
  const data = shallowRef<T>()
  const error = shallowRef<unknown>()
  const loading = ref(true)
  let generation = 0

  async function reload() {
    const mine = ++generation
    loading.value = true
    error.value = undefined
    try {
      const value = await load()
      if (mine === generation) data.value = value
    } catch (failure) {
      if (mine === generation) error.value = failure
    } finally {
      if (mine === generation) loading.value = false
    }
  }

  const perTenant = options.perTenant ?? true
  watch(
    () => (perTenant ? tenant.currentId : undefined),
    () => {
      if (options.permission && !tenant.can(options.permission)) return
      data.value = undefined
      // Tenant data without a tenant (a superadmin who belongs to none): nothing to ask for.
      if (perTenant && tenant.status === 'ready' && tenant.currentId === undefined) {
        generation++
        loading.value = false
        return
      }
      void reload()
    },
    { immediate: true },
  )
  return { data, error, loading, reload }
}

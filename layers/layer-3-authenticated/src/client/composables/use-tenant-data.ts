import { useTenantStore } from '@stratum/layer-multitenant/client'
import { computed, ref, shallowRef, watch, type ComputedRef, type Ref, type ShallowRef } from 'vue'

/** A page's tenant data with its loading, error and no-tenant states. */
export interface TenantData<T> {
  readonly data: ShallowRef<T | undefined>
  readonly error: ShallowRef<unknown>
  /** True until the first answer, and while a reload runs. */
  readonly loading: Ref<boolean>
  /** Signed in, tenants known, and the user belongs to none. */
  readonly noTenant: ComputedRef<boolean>
  /** Loads again; an answer that arrives after a newer load started is dropped. */
  reload(): Promise<void>
}

/**
 * Loads tenant data once a tenant is selected, again whenever `key` changes (the list's query)
 * and after each tenant switch, so a page never shows one tenant's rows under another's name.
 */
export function useTenantData<T>(load: () => Promise<T>, key?: () => unknown): TenantData<T> {
  const tenant = useTenantStore()
  const data = shallowRef<T>()
  const error = shallowRef<unknown>()
  const loading = ref(true)
  const noTenant = computed(() => tenant.status === 'ready' && tenant.currentId === undefined)
  let generation = 0

  async function reload() {
    const mine = ++generation
    if (!tenant.currentId) {
      loading.value = tenant.status !== 'ready' && tenant.status !== 'failed'
      error.value = tenant.status === 'failed' ? tenant.error : undefined
      return
    }
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

  // The key is compared as JSON: a new but equal query object does not reload.
  watch(
    [() => tenant.currentId, () => tenant.status, () => JSON.stringify(key?.() ?? null)],
    ([id], previous) => {
      if (previous?.[0] !== undefined && previous[0] !== id) data.value = undefined
      void reload()
    },
    { immediate: true },
  )
  return { data, error, loading, noTenant, reload }
}

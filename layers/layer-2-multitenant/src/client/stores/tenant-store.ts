import { useApi } from '@stratum/layer-core/client'
import { useSessionStore } from '@stratum/layer-auth/client'
import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import { can as decide, type Resource } from '../../shared/can.ts'
import { tenantApi } from '../api/tenant-api.ts'
import type { Membership } from '../api/types.ts'
import { readSavedTenant, writeSavedTenant } from './saved-tenant.ts'

/** `idle` until the first `load()` (after sign-in); then loading, ready or failed. */
export type TenantStatus = 'idle' | 'loading' | 'ready' | 'failed'

/**
 * The tenant the user works in, the tenants they can enter, and their role and permissions
 * there. The selection survives reloads in localStorage (`stratum.tenant`). `can()` only hides
 * UI: the server decides every request again.
 */
export const useTenantStore = defineStore('multitenant.tenant', () => {
  const api = tenantApi(useApi())
  const session = useSessionStore()
  const memberships = ref<Membership[]>([])
  const isSuperadmin = ref(false)
  const currentId = ref<string>()
  const status = ref<TenantStatus>('idle')
  /** Why the last `load()` failed. */
  const error = shallowRef<unknown>()
  /** True while `select()` asks the server about the next tenant. */
  const switching = ref(false)

  const tenants = computed(() => memberships.value.map((m) => m.tenant))
  const membership = computed(() => memberships.value.find((m) => m.tenant.id === currentId.value))
  const current = computed(() => membership.value?.tenant)
  const role = computed(() => membership.value?.role)
  const permissions = computed<readonly string[]>(() => membership.value?.permissions ?? [])

  /** May the user do `permission` (on `resource`) in the current tenant? Hides UI only. */
  function can(permission: string, resource?: Resource): boolean {
    const subject = {
      userId: session.user?.id ?? '',
      isSuperadmin: isSuperadmin.value,
      permissions: permissions.value,
    }
    return decide(subject, permission, resource)
  }

  function setCurrent(id: string | undefined) {
    currentId.value = id
    writeSavedTenant(id)
  }

  let loading: Promise<void> | undefined
  /** Bumped by `reset()`, so a load that was running for the previous user is dropped. */
  let generation = 0
  /**
   * Loads my tenants (`/mine`) and restores the saved selection, or the first tenant when the
   * saved one is gone (left, deactivated, another user signed in).
   */
  function load(): Promise<void> {
    loading ??= (async () => {
      const mine = generation
      status.value = 'loading'
      try {
        const answer = await api.mine()
        if (mine !== generation) return
        memberships.value = answer.memberships
        isSuperadmin.value = answer.isSuperadmin
        const saved = readSavedTenant()
        const chosen =
          answer.memberships.find((m) => m.tenant.id === saved) ?? answer.memberships[0]
        setCurrent(chosen?.tenant.id)
        status.value = 'ready'
        error.value = undefined
      } catch (failure) {
        if (mine !== generation) return
        status.value = 'failed'
        error.value = failure
      }
    })().finally(() => {
      loading = undefined
    })
    return loading
  }

  /** Settles once the tenants are known: loads the first time, then resolves at once. */
  function ensureLoaded(): Promise<void> {
    if (status.value === 'idle') return load()
    return loading ?? Promise.resolve()
  }

  /**
   * Switches to one of my tenants. Asks the server first (`/current` with that tenant), so the
   * role and permissions are fresh and a tenant that was just deactivated is refused before
   * the selection changes. Rejects with the ApiError and keeps the previous tenant on failure.
   */
  async function select(id: string): Promise<void> {
    if (!memberships.value.some((m) => m.tenant.id === id)) {
      throw new Error(`'${id}' is not one of the user's tenants.`)
    }
    switching.value = true
    try {
      const { isSuperadmin: superadmin, ...fresh } = await api.current(id)
      memberships.value = memberships.value.map((m) => (m.tenant.id === id ? fresh : m))
      isSuperadmin.value = superadmin
      setCurrent(id)
    } finally {
      switching.value = false
    }
  }

  /** Reloads my role and permissions in the current tenant (after changing roles, say). */
  async function reloadPermissions(): Promise<void> {
    if (currentId.value) await select(currentId.value)
  }

  /** Forgets the tenants (sign-out); the saved selection stays for the next sign-in. */
  function reset() {
    generation += 1
    loading = undefined
    memberships.value = []
    isSuperadmin.value = false
    currentId.value = undefined
    status.value = 'idle'
    error.value = undefined
  }

  return {
    memberships,
    isSuperadmin,
    currentId,
    status,
    error,
    switching,
    tenants,
    membership,
    current,
    role,
    permissions,
    can,
    load,
    ensureLoaded,
    select,
    reloadPermissions,
    reset,
  }
})

/** The tenant store's instance type. */
export type TenantStore = ReturnType<typeof useTenantStore>

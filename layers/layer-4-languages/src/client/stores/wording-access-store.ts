import { defineStore } from 'pinia'
import { computed, ref } from 'vue'

/** A tenant the signed-in user may edit wording in. */
export interface WordingTenant {
  readonly id: string
  readonly name: string
}

/**
 * Who may change wording, as the client knows it (the server decides every request again):
 * `i18n.manage` (global values, locales: superadmins) and `i18n.tenant-manage` in the current
 * tenant (account admins). The install hook fills it from the session and, when layer 2 is
 * live, from its tenant store, so this layer works with multitenant disabled.
 */
export const useWordingAccessStore = defineStore('languages.access', () => {
  const manageGlobal = ref(false)
  const manageTenant = ref(false)
  /** The current tenant, when layer 2 is live and one is selected. */
  const tenant = ref<WordingTenant>()
  /** Superadmins may edit any tenant's overrides; the console lists the ones they belong to. */
  const tenants = ref<WordingTenant[]>([])
  const mayEdit = computed(() => manageGlobal.value || manageTenant.value)
  function set(next: {
    manageGlobal: boolean
    manageTenant: boolean
    tenant?: WordingTenant | undefined
    tenants?: WordingTenant[]
  }) {
    manageGlobal.value = next.manageGlobal
    manageTenant.value = next.manageTenant
    tenant.value = next.tenant
    tenants.value = next.tenants ?? []
  }
  return { manageGlobal, manageTenant, tenant, tenants, mayEdit, set }
})

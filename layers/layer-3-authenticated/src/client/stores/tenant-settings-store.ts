import { useApi } from '@stratum/layer-core/client'
import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type {
  TenantCurrency,
  TenantSettings,
  UpdateTenantSettingsBody,
} from '../../shared/settings-schemas.ts'
import { appApi } from '../api/app-api.ts'

/**
 * The current tenant's settings (display name, theme, currency), shared by the settings page,
 * the theme preview bar (which saves a previewed theme from any page) and every amount shown.
 * Layer 3's `install` resets them on each tenant switch.
 */
export const useTenantSettingsStore = defineStore('authenticated.tenantSettings', () => {
  const api = appApi(useApi())
  const settings = shallowRef<TenantSettings>()
  /** The tenant's currency; undefined while unknown or when the language's own applies. */
  const currency = computed<TenantCurrency | undefined>(() => settings.value?.currency ?? undefined)
  // Bumped by each reset: an answer for the tenant the user just left is dropped.
  let generation = 0
  let pending: Promise<TenantSettings> | undefined

  async function load(): Promise<TenantSettings> {
    const mine = generation
    const loaded = await api.tenantSettings()
    if (mine === generation) settings.value = loaded
    return loaded
  }
  /** The settings, loaded once per tenant however many callers ask at the same time. */
  function ensure(): Promise<TenantSettings> {
    if (settings.value) return Promise.resolve(settings.value)
    if (!pending) {
      const mine = load().finally(() => {
        if (pending === mine) pending = undefined
      })
      pending = mine
    }
    return pending
  }
  /** Saves (`settings.manage`); the server answers with every setting. */
  async function save(patch: UpdateTenantSettingsBody): Promise<TenantSettings> {
    settings.value = await api.updateTenantSettings(patch)
    return settings.value
  }
  function reset() {
    generation++
    pending = undefined
    settings.value = undefined
  }
  return { settings, currency, load, ensure, save, reset }
})

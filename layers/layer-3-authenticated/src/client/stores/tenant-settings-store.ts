import { useApi } from '@stratum/layer-core/client'
import { defineStore } from 'pinia'
import { shallowRef } from 'vue'
import type { TenantSettings, UpdateTenantSettingsBody } from '../../shared/settings-schemas.ts'
import { appApi } from '../api/app-api.ts'

/**
 * The current tenant's display name and theme, shared by the settings page and the theme
 * preview bar (which saves a previewed theme from any page).
 */
export const useTenantSettingsStore = defineStore('authenticated.tenantSettings', () => {
  const api = appApi(useApi())
  const settings = shallowRef<TenantSettings>()

  async function load(): Promise<TenantSettings> {
    settings.value = await api.tenantSettings()
    return settings.value
  }
  /** Saves (`settings.manage`); the server answers with every setting. */
  async function save(patch: UpdateTenantSettingsBody): Promise<TenantSettings> {
    settings.value = await api.updateTenantSettings(patch)
    return settings.value
  }
  function reset() {
    settings.value = undefined
  }
  return { settings, load, save, reset }
})

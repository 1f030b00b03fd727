import { useApi } from '@stratum/layer-core/client'
import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { UpdateUserSettingsBody, UserSettings } from '../../shared/settings-schemas.ts'
import { appApi } from '../api/app-api.ts'

/**
 * `DEFAULT_USER_SETTINGS` of the shared schemas, repeated here because importing that module
 * would bring zod into the chunk every page loads at boot.
 */
const DEFAULTS: UserSettings = {
  colorScheme: 'system',
  density: 'comfortable',
  pageSize: 25,
  emailNotifications: true,
}

/** The signed-in user's preferences, kept on the server: rows per page, table density. */
export const usePreferencesStore = defineStore('authenticated.preferences', () => {
  const api = appApi(useApi())
  const settings = ref<UserSettings>({ ...DEFAULTS })
  const loaded = ref(false)
  const error = shallowRef<unknown>()

  /** Loads the preferences; a failure keeps the defaults (lists still work). */
  async function load(): Promise<void> {
    try {
      settings.value = await api.userSettings()
      loaded.value = true
      error.value = undefined
    } catch (failure) {
      error.value = failure
    }
  }
  /** Saves some preferences; the server answers with all of them. */
  async function save(patch: UpdateUserSettingsBody): Promise<UserSettings> {
    settings.value = await api.updateUserSettings(patch)
    loaded.value = true
    return settings.value
  }
  function reset() {
    settings.value = { ...DEFAULTS }
    loaded.value = false
    error.value = undefined
  }
  return { settings, loaded, error, load, save, reset }
})

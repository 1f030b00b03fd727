import { useThemeController } from '@stratum/layer-core/client'
import { useTenantStore } from '@stratum/layer-multitenant/client'
import { computed, ref, shallowRef } from 'vue'
import { useTenantSettingsStore } from '../stores/tenant-settings-store.ts'

/**
 * An account admin's live preview of a theme: applied on this screen only, then saved as the
 * tenant's theme or cancelled. Unavailable (`supported` false) without the host's controller.
 */
export function useThemePreview() {
  const control = useThemeController()
  const settings = useTenantSettingsStore()
  const tenant = useTenantStore()
  const saving = ref(false)
  const failure = shallowRef<unknown>()
  const previewing = computed(() => control?.previewing.value)

  async function start(name: string) {
    failure.value = undefined
    await control?.preview(name)
  }
  async function cancel() {
    failure.value = undefined
    await control?.preview(undefined)
  }
  /** After a save: the tenant's theme is now `name` (detection step 2), with no preview. */
  async function saved(name: string | null) {
    await control?.setTenantTheme(name ?? undefined)
    await control?.preview(undefined)
    // The tenant store holds the theme too (detection reads it after each sign-in).
    void tenant.reloadPermissions().catch(() => undefined)
  }
  /** Saves the previewed theme as the tenant's, then ends the preview on it. */
  async function save(): Promise<boolean> {
    const name = previewing.value
    if (!name || saving.value) return false
    saving.value = true
    failure.value = undefined
    try {
      await settings.save({ theme: name })
      await saved(name)
      return true
    } catch (error) {
      failure.value = error
      return false
    } finally {
      saving.value = false
    }
  }
  return {
    supported: control !== undefined,
    available: control?.available ?? [],
    previewing,
    saving,
    failure,
    start,
    cancel,
    save,
    saved,
  }
}

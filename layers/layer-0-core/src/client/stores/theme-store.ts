import { defineStore } from 'pinia'
import { computed, shallowRef } from 'vue'
import type { ThemeConfig } from '../theme/theme-config.ts'

const DEFAULT_TITLE = 'Stratum'

/** The applied theme, for the shell's logo and the app's name. */
export const useThemeStore = defineStore('core.theme', () => {
  const theme = shallowRef<ThemeConfig>()
  const title = computed(() => theme.value?.title ?? DEFAULT_TITLE)
  const logo = computed(() => theme.value?.logo)

  function setTheme(next: ThemeConfig) {
    theme.value = next
  }

  return { theme, title, logo, setTheme }
})

import { setDocumentTitle, useThemeStore, type AppI18n } from '@stratum/layer-core/client'
import type { Pinia } from 'pinia'
import { watch } from 'vue'
import type { Router } from 'vue-router'

/**
 * Sets `<title>` from the route's `meta.titleKey` after each navigation, locale change and theme
 * change (applying a theme resets the title to the theme's name alone).
 */
export function syncPageTitle(router: Router, i18n: AppI18n, pinia?: Pinia): void {
  const update = () => {
    const key = router.currentRoute.value.meta.titleKey
    setDocumentTitle(key ? i18n.global.t(key) : undefined)
  }
  router.afterEach(update)
  watch(i18n.global.locale, update)
  if (pinia) watch(() => useThemeStore(pinia).theme, update)
}

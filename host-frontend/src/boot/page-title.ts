import { setDocumentTitle, type AppI18n } from '@stratum/layer-core/client'
import { watch } from 'vue'
import type { Router } from 'vue-router'

/** Sets `<title>` from the route's `meta.titleKey` after each navigation and locale change. */
export function syncPageTitle(router: Router, i18n: AppI18n): void {
  const update = () => {
    const key = router.currentRoute.value.meta.titleKey
    setDocumentTitle(key ? i18n.global.t(key) : undefined)
  }
  router.afterEach(update)
  watch(i18n.global.locale, update)
}

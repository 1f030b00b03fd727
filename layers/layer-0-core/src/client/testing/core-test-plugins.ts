import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { LocaleCode } from '../../shared/locales.ts'
import { coreClientLayer } from '../core-layer.ts'
import { createAppI18n, installLayerMessages, type AppI18n } from '../i18n/app-i18n.ts'

/** Pinia and i18n with core messages installed, for mounting core components in tests. */
export function coreTestPlugins(locale: LocaleCode = 'en-US'): { pinia: Pinia; i18n: AppI18n } {
  const pinia = createPinia()
  setActivePinia(pinia)
  const i18n = createAppI18n(locale)
  installLayerMessages(i18n, 'core', coreClientLayer.messages)
  return { pinia, i18n }
}

import { createPinia, setActivePinia, type Pinia } from 'pinia'
import type { LocaleCode } from '../../shared/locales.ts'
import { createAppI18n, installLayerMessages, type AppI18n } from '../i18n/app-i18n.ts'
import { enUS } from '../messages/en-US.ts'
import { esES } from '../messages/es-ES.ts'
import { ptBR } from '../messages/pt-BR.ts'

/** Pinia and i18n with core messages installed, for mounting core components in tests. */
export function coreTestPlugins(locale: LocaleCode = 'en-US'): { pinia: Pinia; i18n: AppI18n } {
  const pinia = createPinia()
  setActivePinia(pinia)
  const i18n = createAppI18n(locale)
  // Every locale at once (the app loads all but en-US lazily), so a test can mount right away.
  void installLayerMessages(i18n, 'core', { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES })
  return { pinia, i18n }
}

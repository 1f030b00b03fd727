import { createI18n, type I18n } from 'vue-i18n'
import { DEFAULT_LOCALE, LOCALES, type Locale } from '../../shared/locales.ts'
import type { LayerMessages } from '../contract.ts'
import { saveLocale } from './detect-locale.ts'

/** The app's i18n instance: composition mode, one global scope. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- vue-i18n's own defaults
export type AppI18n = I18n<{}, {}, {}, string, false>

/** Creates the app's i18n in composition mode (`legacy: false`); messages come from layers. */
export function createAppI18n(locale: Locale = DEFAULT_LOCALE): AppI18n {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: DEFAULT_LOCALE,
    messages: {},
    // Missing keys are a bug in development; in production the key itself is shown quietly.
    missingWarn: import.meta.env.DEV,
    fallbackWarn: false,
  })
}

/** Merges a layer's messages under its id, so keys read `t('<layer-id>.some.key')`. */
export function installLayerMessages(
  i18n: AppI18n,
  layerId: string,
  messages: LayerMessages<object>,
): void {
  for (const locale of LOCALES) {
    i18n.global.mergeLocaleMessage(locale, { [layerId]: messages[locale] })
  }
}

/** Switches the locale and remembers the choice. */
export function setLocale(i18n: AppI18n, locale: Locale): void {
  i18n.global.locale.value = locale
  saveLocale(locale)
}

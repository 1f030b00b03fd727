import { createI18n, type FallbackLocale, type I18n } from 'vue-i18n'
import {
  DEFAULT_LOCALE,
  SHIPPED_LOCALES,
  SOURCE_LOCALE,
  fallbackChain,
  type LocaleCode,
  type LocaleInfo,
} from '../../shared/locales.ts'
import type { LayerMessages } from '../contract.ts'
import { saveLocale } from './detect-locale.ts'

/** The app's i18n instance: composition mode, one global scope. */
// eslint-disable-next-line @typescript-eslint/no-empty-object-type -- vue-i18n's own defaults
export type AppI18n = I18n<{}, {}, {}, string, false>

/**
 * vue-i18n's fallbacks for the live locales: for each, its chain after itself (its declared
 * `fallback`, theirs, then en-US); en-US for a locale the list does not know.
 */
export function localeFallbacks(locales: readonly LocaleInfo[] = SHIPPED_LOCALES): FallbackLocale {
  const fallbacks: Record<string, LocaleCode[]> = { default: [SOURCE_LOCALE] }
  for (const { code } of locales) {
    const rest = fallbackChain(code, locales).slice(1)
    if (rest.length > 0) fallbacks[code] = rest
  }
  return fallbacks
}

/**
 * Creates the app's i18n in composition mode (`legacy: false`); messages come from layers. A key
 * missing in a locale is looked up per key along {@link localeFallbacks}.
 * @default locale DEFAULT_LOCALE ('pt-BR')
 * @default locales SHIPPED_LOCALES (the live list replaces it with {@link setLiveLocales})
 */
export function createAppI18n(
  locale: LocaleCode = DEFAULT_LOCALE,
  locales: readonly LocaleInfo[] = SHIPPED_LOCALES,
): AppI18n {
  return createI18n({
    legacy: false,
    locale,
    fallbackLocale: localeFallbacks(locales),
    messages: {},
    // Other locales may be partial, so only a key en-US lacks (the end of every chain) is a bug,
    // reported in development; in production the key itself is shown quietly.
    missing: import.meta.env.DEV ? warnIfSourceLacks : undefined,
    missingWarn: false,
    fallbackWarn: false,
  })
}

function warnIfSourceLacks(locale: LocaleCode, key: string): void {
  if (locale === SOURCE_LOCALE) console.warn(`[i18n] No message '${key}' in ${SOURCE_LOCALE}.`)
}

/** Follows the live locales' fallbacks (the server may add locales and say where they fall back). */
export function setLiveLocales(i18n: AppI18n, locales: readonly LocaleInfo[]): void {
  i18n.global.fallbackLocale.value = localeFallbacks(locales)
}

/**
 * Merges a layer's messages under its id, so keys read `t('<layer-id>.some.key')`: every locale
 * the layer ships, whole or partial.
 */
export function installLayerMessages(
  i18n: AppI18n,
  layerId: string,
  messages: LayerMessages<object>,
): void {
  for (const [locale, tree] of Object.entries(messages)) {
    if (tree) i18n.global.mergeLocaleMessage(locale, { [layerId]: tree })
  }
}

/** Switches to any live locale and remembers the choice. */
export function setLocale(i18n: AppI18n, locale: LocaleCode): void {
  i18n.global.locale.value = locale
  saveLocale(locale)
}

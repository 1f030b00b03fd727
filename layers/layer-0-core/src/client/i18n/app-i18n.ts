import { watch } from 'vue'
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
import { applyLocaleFormats, createPluralRules } from './locale-formats.ts'
import { loadLocaleMessages, registerLocaleLoad } from './locale-loads.ts'
import { compileMessages } from './message-ast.ts'

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
 * missing in a locale is looked up per key along {@link localeFallbacks}. `mergeLocaleMessage`
 * and `setLocaleMessage` accept plain strings with placeholders even though the app ships
 * without vue-i18n's message compiler (see `message-ast.ts`).
 * @default locale DEFAULT_LOCALE ('pt-BR')
 * @default locales SHIPPED_LOCALES (the live list replaces it with {@link setLiveLocales})
 */
export function createAppI18n(
  locale: LocaleCode = DEFAULT_LOCALE,
  locales: readonly LocaleInfo[] = SHIPPED_LOCALES,
): AppI18n {
  const i18n: AppI18n = createI18n({
    legacy: false,
    locale,
    fallbackLocale: localeFallbacks(locales),
    messages: {},
    // CLDR plural categories per locale (Arabic's six), for any locale the server adds too.
    pluralRules: createPluralRules(),
    // Other locales may be partial, so only a key en-US lacks (the end of every chain) is a bug,
    // reported in development; in production the key itself is shown quietly.
    missing: import.meta.env.DEV ? warnIfSourceLacks : undefined,
    missingWarn: false,
    fallbackWarn: false,
  })
  applyLocaleFormats(i18n, locales)
  compileOnMerge(i18n)
  // A locale set directly (not through `setLocale`) still gets its messages, a moment later.
  watch(i18n.global.locale, (current) => void loadLocaleMessages(i18n, current), {
    immediate: true,
  })
  return i18n
}

/**
 * The app ships vue-i18n without its message compiler, so a string with placeholders or plural
 * choices merged as it is would show `{name}` literally. Every merge (layers' messages in tests
 * and development, message overrides, a language source's translations) compiles such strings
 * to vue-i18n's message AST first; messages the build precompiled pass through unchanged.
 */
function compileOnMerge(i18n: AppI18n): void {
  const { global } = i18n
  // vue-i18n's overloads do not survive wrapping; the call shape is (locale, messages).
  type Put = (locale: string, messages: object) => void
  const merge = global.mergeLocaleMessage.bind(global) as Put
  const set = global.setLocaleMessage.bind(global) as Put
  const compiled =
    (put: Put): Put =>
    (locale, messages) =>
      put(locale, compileMessages(messages))
  global.mergeLocaleMessage = compiled(merge) as typeof global.mergeLocaleMessage
  global.setLocaleMessage = compiled(set) as typeof global.setLocaleMessage
}

function warnIfSourceLacks(locale: LocaleCode, key: string): void {
  if (locale === SOURCE_LOCALE) console.warn(`[i18n] No message '${key}' in ${SOURCE_LOCALE}.`)
}

/** Follows the live locales' fallbacks (the server may add locales and say where they fall back). */
export function setLiveLocales(i18n: AppI18n, locales: readonly LocaleInfo[]): void {
  i18n.global.fallbackLocale.value = localeFallbacks(locales)
  applyLocaleFormats(i18n, locales)
}

/**
 * Merges a layer's messages under its id, so keys read `t('<layer-id>.some.key')`: every locale
 * the layer ships, whole or partial. A locale shipped as a loader is loaded when the app runs in
 * it (or in a locale that falls back to it), now if it already does; the promise resolves once
 * the current locale's messages are in.
 */
export function installLayerMessages(
  i18n: AppI18n,
  layerId: string,
  messages: LayerMessages<object>,
): Promise<void> {
  const loads: Promise<void>[] = []
  for (const [locale, tree] of Object.entries(messages)) {
    if (typeof tree === 'function') {
      const load = async () => {
        const loaded = await tree()
        // A new object for the locale, not a merge into it: vue-i18n looks a locale's namespaces
        // up without tracking the ones that are absent, so a component that rendered the
        // fallback meanwhile re-renders only when the locale's object itself is replaced.
        i18n.global.setLocaleMessage(locale, {
          ...i18n.global.getLocaleMessage(locale),
          [layerId]: loaded,
        })
      }
      loads.push(registerLocaleLoad(i18n, locale, load))
    } else if (tree) i18n.global.mergeLocaleMessage(locale, { [layerId]: tree })
  }
  return Promise.all(loads).then(() => undefined)
}

/**
 * Switches to any live locale and remembers the choice; the locale's messages are loaded first,
 * so the switch happens at once, in place, without a reload.
 */
export async function setLocale(i18n: AppI18n, locale: LocaleCode): Promise<void> {
  saveLocale(locale)
  await loadLocaleMessages(i18n, locale)
  i18n.global.locale.value = locale
}

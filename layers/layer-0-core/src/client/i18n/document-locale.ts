import { watch, type WatchStopHandle } from 'vue'
import { SHIPPED_LOCALES, type LocaleCode, type LocaleInfo } from '../../shared/locales.ts'
import type { AppI18n } from './app-i18n.ts'

// For a locale the live list does not describe, or describes without `rtl`.
const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ps', 'ur', 'yi'])

/**
 * Writing direction of a locale: the live list's `rtl` when it says, else the language's
 * usual direction.
 */
export function directionOf(
  locale: LocaleCode,
  locales: readonly LocaleInfo[] = SHIPPED_LOCALES,
): 'ltr' | 'rtl' {
  const rtl =
    locales.find((l) => l.code === locale)?.rtl ??
    RTL_LANGUAGES.has(locale.split('-')[0]!.toLowerCase())
  return rtl ? 'rtl' : 'ltr'
}

/** Options of {@link syncDocumentLocale}. */
export interface DocumentLocaleOptions {
  /** The live locales, read again when they change. @default () => SHIPPED_LOCALES */
  locales?: () => readonly LocaleInfo[]
  /** @default document.documentElement */
  root?: HTMLElement
}

/** Keeps `<html lang dir>` in step with the i18n locale and the live list, now and on every change. */
export function syncDocumentLocale(
  i18n: AppI18n,
  options: DocumentLocaleOptions = {},
): WatchStopHandle {
  const root = options.root ?? document.documentElement
  const locales = options.locales ?? (() => SHIPPED_LOCALES)
  return watch(
    [i18n.global.locale, locales],
    ([locale, live]) => {
      root.lang = locale
      root.dir = directionOf(locale, live)
    },
    { immediate: true },
  )
}

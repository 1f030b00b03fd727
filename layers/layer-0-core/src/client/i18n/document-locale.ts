import { watch, type WatchStopHandle } from 'vue'
import type { AppI18n } from './app-i18n.ts'

const RTL_LANGUAGES = new Set(['ar', 'fa', 'he', 'ps', 'ur', 'yi'])

/** Writing direction of a locale. */
export const directionOf = (locale: string): 'ltr' | 'rtl' =>
  RTL_LANGUAGES.has(locale.split('-')[0]!.toLowerCase()) ? 'rtl' : 'ltr'

/** Keeps `<html lang dir>` in step with the i18n locale, now and on every change. */
export function syncDocumentLocale(
  i18n: AppI18n,
  root: HTMLElement = document.documentElement,
): WatchStopHandle {
  return watch(
    i18n.global.locale,
    (locale) => {
      root.lang = locale
      root.dir = directionOf(locale)
    },
    { immediate: true },
  )
}

import type { LocaleInfo } from '@stratum/layer-core/client'
import type { I18nLocale } from '../../shared/index.ts'

/** A locale of `GET /api/i18n/locales` as core's live list describes it (flag and direction too). */
export function toLocaleInfo(locale: I18nLocale): LocaleInfo {
  return {
    code: locale.code,
    name: locale.englishName,
    nativeName: locale.nativeName,
    rtl: locale.isRtl,
    ...(locale.fallback ? { fallback: locale.fallback } : {}),
    ...(locale.flag ? { flag: locale.flag } : {}),
  }
}

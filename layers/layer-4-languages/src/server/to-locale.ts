import type { I18nLocale } from '../shared/locale-schemas.ts'
import type { LocaleEntry } from './live-translations.ts'

/** A locale as the API shows it. */
export const toLocale = (l: LocaleEntry): I18nLocale => ({
  code: l.code,
  englishName: l.name,
  nativeName: l.nativeName,
  flag: l.flag,
  isRtl: l.rtl ?? false,
  isDefault: l.isDefault,
  isActive: l.isActive,
  fallback: l.fallback ?? null,
})

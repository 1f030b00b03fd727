import { DEFAULT_LOCALE, LOCALES, matchLocale, type LocaleCode } from '../../shared/locales.ts'

export { matchLocale }

/** localStorage key of the user's saved locale. */
export const LOCALE_STORAGE_KEY = 'stratum.locale'

/** Inputs of {@link detectLocale}, so it stays a pure function. */
export interface LocaleSources {
  /** The saved choice, if any (`localStorage['stratum.locale']`). */
  saved?: string | null | undefined
  /** Browser preferences, best first (`navigator.languages`). */
  languages?: readonly string[] | undefined
  /** The live locale codes. @default LOCALES */
  supported?: readonly LocaleCode[]
  /** @default DEFAULT_LOCALE ('pt-BR') */
  fallback?: LocaleCode
}

/** Saved choice (when still supported) → browser languages in order → the default. */
export function detectLocale(sources: LocaleSources = {}): LocaleCode {
  const supported: readonly LocaleCode[] = sources.supported ?? LOCALES
  const saved = sources.saved ? supported.find((l) => l === sources.saved) : undefined
  if (saved) return saved
  for (const tag of sources.languages ?? []) {
    const match = matchLocale(tag, supported)
    if (match) return match
  }
  return sources.fallback ?? DEFAULT_LOCALE
}

/**
 * Reads the real sources against `supported` (the live codes once the server has answered);
 * storage that throws (privacy mode) counts as no saved choice.
 * @default supported LOCALES
 */
export function detectBrowserLocale(supported?: readonly LocaleCode[]): LocaleCode {
  let saved: string | null = null
  try {
    saved = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY) ?? null
  } catch {
    saved = null
  }
  const nav = globalThis.navigator
  const languages = nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []
  return detectLocale({ saved, languages, ...(supported ? { supported } : {}) })
}

/** Saves the user's choice so the next visit starts in it. */
export function saveLocale(locale: LocaleCode): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // Storage may be full or blocked; the choice then lasts for this visit only.
  }
}

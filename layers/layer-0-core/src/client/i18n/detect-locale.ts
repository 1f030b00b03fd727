import { DEFAULT_LOCALE, LOCALES, matchLocale, type Locale } from '../../shared/locales.ts'

export { matchLocale }

/** localStorage key of the user's saved locale. */
export const LOCALE_STORAGE_KEY = 'stratum.locale'

/** Inputs of {@link detectLocale}, so it stays a pure function. */
export interface LocaleSources {
  /** The saved choice, if any (`localStorage['stratum.locale']`). */
  saved?: string | null | undefined
  /** Browser preferences, best first (`navigator.languages`). */
  languages?: readonly string[] | undefined
  /** @default LOCALES */
  supported?: readonly Locale[]
  /** @default DEFAULT_LOCALE ('pt-BR') */
  fallback?: Locale
}

/** Saved choice (when still supported) → browser languages in order → the default. */
export function detectLocale(sources: LocaleSources = {}): Locale {
  const supported = sources.supported ?? LOCALES
  const saved = sources.saved ? supported.find((l) => l === sources.saved) : undefined
  if (saved) return saved
  for (const tag of sources.languages ?? []) {
    const match = matchLocale(tag, supported)
    if (match) return match
  }
  return sources.fallback ?? DEFAULT_LOCALE
}

/** Reads the real sources; storage that throws (privacy mode) counts as no saved choice. */
export function detectBrowserLocale(): Locale {
  let saved: string | null = null
  try {
    saved = globalThis.localStorage?.getItem(LOCALE_STORAGE_KEY) ?? null
  } catch {
    saved = null
  }
  const nav = globalThis.navigator
  const languages = nav?.languages?.length ? nav.languages : nav?.language ? [nav.language] : []
  return detectLocale({ saved, languages })
}

/** Saves the user's choice so the next visit starts in it. */
export function saveLocale(locale: Locale): void {
  try {
    globalThis.localStorage?.setItem(LOCALE_STORAGE_KEY, locale)
  } catch {
    // Storage may be full or blocked; the choice then lasts for this visit only.
  }
}

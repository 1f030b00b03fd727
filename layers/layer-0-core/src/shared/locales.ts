/**
 * Locales are an open set: every layer ships compiled messages for these three (en-US is the
 * typed source, the others are checked against it), and a `core.messages` source can add more at
 * run time. The live list comes from the server (`GET /api/core/layers`, field `locales`).
 */
export const LOCALES = ['pt-BR', 'en-US', 'es-ES'] as const
/** A locale every layer ships compiled messages for. */
export type Locale = (typeof LOCALES)[number]
/** Any BCP 47 locale code the app may run in: a shipped one, or one a message source added. */
export type LocaleCode = string
export const DEFAULT_LOCALE: Locale = 'pt-BR'
/** The typed source of every layer's messages and the last fallback of every key. */
export const SOURCE_LOCALE = 'en-US' satisfies Locale

/** A locale as the live list describes it. */
export interface LocaleInfo {
  /** BCP 47 code, for example `fr-FR`. */
  readonly code: LocaleCode
  /** English name, for example `French`. */
  readonly name: string
  /** The name in the locale itself, for example `Français`. */
  readonly nativeName: string
  /** Written right to left (Arabic, Hebrew). @default false */
  readonly rtl?: boolean
  /** Where a key missing in this locale is looked up before en-US. */
  readonly fallback?: LocaleCode
  /** Region code of the flag shown next to it (`BR`); else the code's region, if any. */
  readonly flag?: string
}

/** The shipped locales as {@link LocaleInfo}. */
export const SHIPPED_LOCALES: readonly LocaleInfo[] = [
  { code: 'pt-BR', name: 'Portuguese (Brazil)', nativeName: 'Português (Brasil)' },
  { code: 'en-US', name: 'English (US)', nativeName: 'English (US)' },
  { code: 'es-ES', name: 'Spanish (Spain)', nativeName: 'Español (España)' },
]

/** BCP 47 shape: a language, then optional script, region and variants (`pt-BR`, `zh-Hant-TW`). */
export const LOCALE_CODE_PATTERN =
  /^[a-z]{2,3}(?:-[A-Z][a-z]{3})?(?:-(?:[A-Z]{2}|\d{3}))?(?:-[a-zA-Z\d]{5,8})*$/

/**
 * The chain of locales a key is looked up in: the locale, its declared fallback (and theirs),
 * then en-US. Cycles in fallbacks are cut.
 */
export function fallbackChain(
  locale: LocaleCode,
  locales: readonly LocaleInfo[] = SHIPPED_LOCALES,
): LocaleCode[] {
  const chain: LocaleCode[] = []
  let current: LocaleCode | undefined = locale
  while (current && !chain.includes(current)) {
    chain.push(current)
    const code: LocaleCode = current
    current = locales.find((l) => l.code === code)?.fallback
  }
  if (!chain.includes(SOURCE_LOCALE)) chain.push(SOURCE_LOCALE)
  return chain
}

/**
 * Maps one language tag to a supported locale: an exact match first (case-insensitive), then
 * the first supported locale with the same language, so `pt`, `pt-PT` → pt-BR and `en-GB` → en-US.
 * Shared by the browser's locale detection and the server's `Accept-Language` handling.
 */
export function matchLocale<L extends LocaleCode = Locale>(
  tag: string,
  supported: readonly L[] = LOCALES as readonly string[] as readonly L[],
): L | undefined {
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase()
  if (wanted === '') return undefined
  const exact = supported.find((l) => l.toLowerCase() === wanted)
  if (exact) return exact
  const language = wanted.split('-')[0]
  return supported.find((l) => l.toLowerCase().split('-')[0] === language)
}

/** Locales every layer ships messages for; en-US is the typed source. */
export const LOCALES = ['pt-BR', 'en-US', 'es-ES'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'pt-BR'

/**
 * Maps one language tag to a supported locale: an exact match first (case-insensitive), then
 * the first supported locale with the same language, so `pt`, `pt-PT` → pt-BR and `en-GB` → en-US.
 * Shared by the browser's locale detection and the server's `Accept-Language` handling.
 */
export function matchLocale(
  tag: string,
  supported: readonly Locale[] = LOCALES,
): Locale | undefined {
  const wanted = tag.trim().replace(/_/g, '-').toLowerCase()
  if (wanted === '') return undefined
  const exact = supported.find((l) => l.toLowerCase() === wanted)
  if (exact) return exact
  const language = wanted.split('-')[0]
  return supported.find((l) => l.toLowerCase().split('-')[0] === language)
}

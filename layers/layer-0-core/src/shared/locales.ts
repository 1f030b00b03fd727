/** Locales every layer ships messages for; en-US is the typed source. */
export const LOCALES = ['pt-BR', 'en-US', 'es-ES'] as const
export type Locale = (typeof LOCALES)[number]
export const DEFAULT_LOCALE: Locale = 'pt-BR'

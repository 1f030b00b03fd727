import type { MessageCatalog } from '@stratum/layer-core/server'
import type { LocaleCode } from '@stratum/layer-core/shared'

/** What the auth layer asks of the live locale list (the message catalog answers it). */
export type LiveLocales = Pick<MessageCatalog, 'has' | 'locales'>

/**
 * `code` when it names a live locale, else undefined. Locales are an open set: a stored or
 * requested code may name one that a message source added, or one no longer offered.
 */
export const liveLocale = (
  live: LiveLocales,
  code: string | null | undefined,
): LocaleCode | undefined => (code && live.has(code) ? code : undefined)

/** The codes of every live locale, read on each call since sources define the list. */
export const liveLocaleCodes = (live: LiveLocales): LocaleCode[] =>
  live.locales().map((l) => l.code)

import type { FallbackLocale } from 'vue-i18n'
import type { LocaleCode } from '../../shared/locales.ts'
import type { AppI18n } from './app-i18n.ts'

/** A layer's messages for one locale, waiting to be loaded and merged. */
type PendingLoad = () => Promise<void>

interface LocaleLoads {
  /** Loads registered for a locale nobody has asked for yet. */
  readonly pending: Map<LocaleCode, PendingLoad[]>
  /** Locales asked for, with the loads that ran for them. */
  readonly requested: Map<LocaleCode, Promise<void>>
}

const loadsByI18n = new WeakMap<AppI18n, LocaleLoads>()

function loadsOf(i18n: AppI18n): LocaleLoads {
  let loads = loadsByI18n.get(i18n)
  if (!loads) {
    loads = { pending: new Map(), requested: new Map() }
    loadsByI18n.set(i18n, loads)
  }
  return loads
}

/** `locale` then the locales vue-i18n falls back to from it. */
function chainOf(fallbacks: FallbackLocale, locale: LocaleCode): LocaleCode[] {
  const record = (
    typeof fallbacks === 'object' && !Array.isArray(fallbacks) ? fallbacks : {}
  ) as Record<string, LocaleCode[] | undefined>
  return [locale, ...(record[locale] ?? record.default ?? [])]
}

/**
 * Registers a lazy load of a locale's messages. It runs at once when the locale (or one that
 * falls back to it) is already in use; otherwise when {@link loadLocaleMessages} asks for it.
 * Resolves once it ran, or at once when it waits.
 */
export function registerLocaleLoad(
  i18n: AppI18n,
  locale: LocaleCode,
  load: PendingLoad,
): Promise<void> {
  const loads = loadsOf(i18n)
  if (loads.requested.has(locale)) return load()
  const pending = loads.pending.get(locale) ?? []
  pending.push(load)
  loads.pending.set(locale, pending)
  return Promise.resolve()
}

/**
 * Loads and merges the messages the layers ship for `locale` and the locales it falls back to,
 * each locale once. Switching locale awaits this first, so the page never shows the fallback
 * text for a moment; a locale set directly is loaded as soon as it is set.
 */
export function loadLocaleMessages(i18n: AppI18n, locale: LocaleCode): Promise<void> {
  const loads = loadsOf(i18n)
  const chain = chainOf(i18n.global.fallbackLocale.value, locale)
  return Promise.all(
    chain.map((code) => {
      let running = loads.requested.get(code)
      if (!running) {
        const pending = loads.pending.get(code) ?? []
        loads.pending.delete(code)
        running = Promise.all(pending.map((load) => load())).then(() => undefined)
        loads.requested.set(code, running)
      }
      return running
    }),
  ).then(() => undefined)
}

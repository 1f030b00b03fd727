import { watch } from 'vue'
import type { MessageOverridesResponse } from '../../shared/layers-api.ts'
import type { LocaleCode } from '../../shared/locales.ts'
import type { ApiClient } from '../api/api-client.ts'
import { fetchMessageOverrides } from '../api/core-api.ts'
import type { AppI18n } from './app-i18n.ts'
import { loadLocaleMessages } from './locale-loads.ts'

/** The server feature (`GET /api/core/layers`) that says some message source is configured. */
export const MESSAGE_OVERRIDES_FEATURE = 'message-overrides'

type Bundle = MessageOverridesResponse['messages']

/** The server's message overrides, loaded once per locale and merged over the layers' messages. */
export interface MessageOverrides {
  /**
   * Starts loading a locale's overrides (once per locale), without merging them, so the request
   * can run while the layers' own messages are still being installed.
   */
  load(locale: LocaleCode): Promise<Bundle>
  /**
   * Merges the current locale's overrides, then each new locale's as the locale changes. Call it
   * after every layer's messages are installed, or they would cover the overrides again.
   * Resolves once the current locale's are merged.
   */
  follow(): Promise<void>
  /**
   * Merges every locale's overrides merged so far once more: a layer installed after start-up
   * (on its first page) brings messages that would otherwise cover them.
   */
  reapply(): Promise<void>
  /** Stops following locale changes. */
  stop(): void
}

/**
 * Fetches and merges what the server's message sources give (`GET /api/core/messages/{locale}`,
 * with `mergeLocaleMessage`): overridden keys, and whole locales no layer ships. Create it only
 * when the server reports {@link MESSAGE_OVERRIDES_FEATURE}; otherwise nothing is asked.
 */
export function createMessageOverrides(i18n: AppI18n, api: ApiClient): MessageOverrides {
  const loads = new Map<LocaleCode, Promise<Bundle>>()
  const merged = new Set<LocaleCode>()
  let stopWatching: (() => void) | undefined

  function load(locale: LocaleCode): Promise<Bundle> {
    let loading = loads.get(locale)
    if (!loading) {
      // Overrides refine the compiled messages: without them every key still resolves (through
      // the fallbacks), so a failed request must not break the app.
      loading = fetchMessageOverrides(api, locale).then(
        (answer) => answer.messages,
        () => ({}),
      )
      loads.set(locale, loading)
    }
    return loading
  }

  async function merge(locale: LocaleCode): Promise<void> {
    // The layers' own messages for the locale first (they may load lazily), or they would
    // cover the overrides when they arrive.
    const [bundle] = await Promise.all([load(locale), loadLocaleMessages(i18n, locale)])
    if (merged.has(locale)) return
    merged.add(locale)
    i18n.global.mergeLocaleMessage(locale, bundle)
  }

  return {
    load,
    follow() {
      stopWatching ??= watch(i18n.global.locale, (locale) => void merge(locale))
      return merge(i18n.global.locale.value)
    },
    async reapply() {
      for (const locale of merged) i18n.global.mergeLocaleMessage(locale, await load(locale))
    },
    stop() {
      stopWatching?.()
      stopWatching = undefined
    },
  }
}

import type { AppI18n } from '@stratum/layer-core/client'
import { watch, type WatchStopHandle } from 'vue'

/** The part of the session the preference needs. */
export interface PreferenceSession {
  readonly isAuthenticated: boolean
  user?: { readonly locale: string } | undefined
}

/**
 * One preference: a signed-in user's switch is saved on the server (`PUT /api/i18n/me/locale`,
 * the same column the profile page edits), and the session's copy follows, so the profile page
 * and the switcher agree. A switch that only applies the saved value (sign-in) sends nothing.
 * A failed save keeps the choice on this device (localStorage) and the old value on the server.
 */
export function followLocalePreference(
  i18n: AppI18n,
  session: PreferenceSession,
  save: (locale: string) => Promise<unknown>,
): WatchStopHandle {
  return watch(i18n.global.locale, (locale) => {
    const user = session.user
    if (!session.isAuthenticated || !user || user.locale === locale) return
    session.user = { ...user, locale }
    save(locale).catch(() => {
      if (session.user?.locale === locale) session.user = { ...session.user, locale: user.locale }
    })
  })
}

import { useI18n } from 'vue-i18n'
import { enUS } from './messages/en-US.ts'
import { esES } from './messages/es-ES.ts'
import { ptBR } from './messages/pt-BR.ts'

const TREES = { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES }
/** The apps (their global composers) that have these messages already. */
const installed = new WeakSet<object>()

/**
 * Adds the impersonation screens' messages (namespace `auth-impersonation`) to the app the first
 * time one of these screens is set up. They travel with the screens, not with the auth layer's
 * messages, which the sign-in page loads: its budget has no room for them. A locale other than
 * these three falls back to en-US as usual.
 */
export function useImpersonationMessages(): void {
  const global = useI18n({ useScope: 'global' })
  if (installed.has(global)) return
  installed.add(global)
  for (const [locale, tree] of Object.entries(TREES))
    global.mergeLocaleMessage(locale, { 'auth-impersonation': tree })
}

import { useI18n } from 'vue-i18n'
import { enUSConsole } from '../messages/console/en-US.ts'
import { esESConsole } from '../messages/console/es-ES.ts'
import { ptBRConsole } from '../messages/console/pt-BR.ts'

const CONSOLE_MESSAGES = { 'en-US': enUSConsole, 'pt-BR': ptBRConsole, 'es-ES': esESConsole }
const merged = new WeakSet<object>()

/**
 * Merges the console's and the wording editor's messages (under `languages`) into the app's
 * i18n, once per app: they ship in the lazy chunks that use them, not in the boot chunk. Call
 * it first in the setup of a lazy entry component.
 */
export function useConsoleMessages(): void {
  const i18n = useI18n({ useScope: 'global' })
  if (merged.has(i18n)) return
  merged.add(i18n)
  for (const [locale, tree] of Object.entries(CONSOLE_MESSAGES)) {
    i18n.mergeLocaleMessage(locale, { languages: tree })
  }
}

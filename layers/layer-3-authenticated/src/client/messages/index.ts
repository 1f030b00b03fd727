import { enUS } from './en-US.ts'
import { esES } from './es-ES.ts'
import { ptBR } from './pt-BR.ts'

/**
 * The package's `./messages` entry: plain objects only (no Vue), so the server can read the
 * compiled texts too (the languages layer's console, coverage and placeholder check).
 */
export const messages = { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES }

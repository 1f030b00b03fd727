import type { AuditSink } from './audit.ts'
import type { ExtensionPointId } from './extension-points.ts'
import type { MessageSource } from './messages.ts'
import type { MiddlewareContribution } from './middleware-stages.ts'
import type { RequestEventListener } from './request-events.ts'

declare module './extension-points.ts' {
  interface StratumExtensionPoints {
    /** Where `audit(c, …)` records go; each sink gets the request's open transaction. */
    'core.audit': AuditSink
    /** Called once per finished request, after the response is written. */
    'core.requestEvents': RequestEventListener
    /** Hono middleware at a named stage of the host's stack. */
    'core.middleware': MiddlewareContribution
    /** Locales and messages on top of the layers' compiled ones. */
    'core.messages': MessageSource
  }
}

/** The points core owns; the host reads them, since it builds the stack they act on. */
export const CORE_EXTENSION_POINTS = [
  'core.audit',
  'core.requestEvents',
  'core.middleware',
  'core.messages',
] as const satisfies readonly ExtensionPointId[]

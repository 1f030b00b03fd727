import type { EarlyHook } from '@stratum/layer-core/client'
import type { BrowserLogEntry, LogErrorBody } from '../shared/ingest-schemas.ts'
import { browserSessionId } from './logger/session-id.ts'

/** Errors one page reports before the full logger takes over; a loop that throws stops here. */
export const MAX_EARLY_ERRORS = 10
/** Where `POST …/error` lives when the server reports no prefix for the layer. */
const DEFAULT_PREFIX = '/api/logs'
const BENIGN = /^ResizeObserver loop/

let stopCapture: (() => void) | undefined

const describe = (value: unknown) =>
  value instanceof Error ? value.message : typeof value === 'string' ? value : 'Unknown error'

/**
 * Layer 5's early hook: from start, on every page (sign-in too, where the logger itself is not
 * loaded), each uncaught error and unhandled rejection goes to `POST <prefix>/error` at once,
 * at most {@link MAX_EARLY_ERRORS} per page, until {@link stopEarlyCapture} hands over to the full
 * logger. It reports only errors, never what a visitor typed; the server adds user and tenant.
 */
export const early: EarlyHook = ({ prefix, api }) => {
  if (stopCapture || typeof window === 'undefined') return
  const sessionId = browserSessionId()
  let sent = 0
  const report = (message: string, error: unknown, kind: string) => {
    if (sent >= MAX_EARLY_ERRORS || BENIGN.test(message)) return
    sent++
    const entry: BrowserLogEntry = {
      level: 'ERROR',
      message: (message || 'Error').slice(0, 2_000),
      timestamp: new Date().toISOString(),
      url: window.location.pathname.slice(0, 2_000),
      stackTrace: error instanceof Error ? error.stack?.slice(0, 8_000) : undefined,
      context: { kind, early: true },
    }
    const body: LogErrorBody = { sessionId, entry }
    // Never reported again if it fails: an error report must not cause errors.
    api.post(`${prefix ?? DEFAULT_PREFIX}/error`, body).catch(() => undefined)
  }
  const onError = (event: ErrorEvent) => {
    // Resource load failures (an <img>) arrive here too, without an error message of ours.
    if (event instanceof ErrorEvent) report(event.message, event.error, 'uncaught')
  }
  const onRejection = (event: PromiseRejectionEvent) =>
    report(`Unhandled rejection: ${describe(event.reason)}`, event.reason, 'unhandledrejection')
  window.addEventListener('error', onError, { capture: true })
  window.addEventListener('unhandledrejection', onRejection)
  stopCapture = () => {
    window.removeEventListener('error', onError, { capture: true })
    window.removeEventListener('unhandledrejection', onRejection)
  }
}

/** Stops the early capture: the full logger (installed at sign-in or on a console) reports now. */
export function stopEarlyCapture(): void {
  stopCapture?.()
  stopCapture = undefined
}

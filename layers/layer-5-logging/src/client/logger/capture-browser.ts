import type { BrowserLogger } from './browser-logger.ts'
import { describeElement, describeForm } from './describe-element.ts'

/**
 * Browser notices that arrive as errors but break nothing: a ResizeObserver whose callback
 * resized what it observes gets its notification one frame later.
 */
const BENIGN = /^ResizeObserver loop (completed with undelivered notifications|limit exceeded)/

/** Options of {@link captureBrowser}. */
export interface CaptureBrowserOptions {
  /** Copy `console.error` and `console.warn` into the log. @default import.meta.env.PROD */
  console?: boolean
  /** Runs on `pagehide` before the beacon, to add last entries (web vitals). */
  beforeHide?: () => void
  /** @default window */
  target?: Window
}

/**
 * Global errors, unhandled rejections, clicks, form submits and searches (breadcrumbs: which
 * element, never what was typed), and `sendBeacon` on `pagehide`. Returns the function that
 * undoes it all.
 */
export function captureBrowser(
  logger: BrowserLogger,
  options: CaptureBrowserOptions = {},
): () => void {
  const win = options.target ?? window
  const undo: (() => void)[] = []
  const on = <K extends keyof WindowEventMap>(
    type: K,
    listener: (event: WindowEventMap[K]) => void,
  ) => {
    win.addEventListener(type, listener, { capture: true, passive: true })
    undo.push(() => win.removeEventListener(type, listener, { capture: true }))
  }

  on('error', (event) => {
    // Resource load failures (an <img>) also arrive here, without an `error`; not ours to log.
    if (!(event instanceof ErrorEvent) || BENIGN.test(event.message)) return
    const error: unknown = event.error
    logger.error(event.message || errorMessage(error), {
      stackTrace: error instanceof Error ? error.stack : undefined,
      context: { kind: 'uncaught', source: sourceOf(event.filename), line: event.lineno },
    })
  })
  on('unhandledrejection', (event) => {
    const reason: unknown = event.reason
    logger.error(`Unhandled rejection: ${errorMessage(reason)}`, {
      stackTrace: reason instanceof Error ? reason.stack : undefined,
      context: { kind: 'unhandledrejection' },
    })
  })
  on('click', (event) => {
    const what = describeElement(event.target)
    if (what) logger.breadcrumb('click', what)
  })
  on('submit', (event) => {
    if (event.target instanceof HTMLFormElement)
      logger.breadcrumb('submit', describeForm(event.target))
  })
  on('change', (event) => {
    const field = event.target
    // A search is worth knowing about; its text is not ours to keep.
    if (
      field instanceof HTMLInputElement &&
      (field.type === 'search' || field.role === 'searchbox')
    )
      logger.breadcrumb('search', describeElement(field) ?? 'searchbox')
  })
  const hide = () => {
    options.beforeHide?.()
    logger.flushOnHide()
  }
  on('pagehide', hide)
  // Mobile browsers may never fire `pagehide` for a tab sent to the background and discarded.
  const onVisibility = () => {
    if (win.document.visibilityState === 'hidden') hide()
  }
  win.document.addEventListener('visibilitychange', onVisibility)
  undo.push(() => win.document.removeEventListener('visibilitychange', onVisibility))
  if (options.console ?? import.meta.env.PROD) undo.push(captureConsole(logger))
  return () => undo.forEach((fn) => fn())
}

/** Copies console errors and warnings into the log, then lets the console print them. */
function captureConsole(logger: BrowserLogger): () => void {
  const original = { error: console.error, warn: console.warn }
  console.error = (...args: unknown[]) => {
    logger.error(args.map(errorMessage).join(' '), { context: { kind: 'console' } })
    original.error.apply(console, args)
  }
  console.warn = (...args: unknown[]) => {
    logger.warn(args.map(errorMessage).join(' '), { context: { kind: 'console' } })
    original.warn.apply(console, args)
  }
  return () => Object.assign(console, original)
}

/** A readable one-line message for anything thrown or logged. */
export function errorMessage(value: unknown): string {
  if (value instanceof Error) return `${value.name}: ${value.message}`
  if (typeof value === 'string') return value
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

/** A script's path without query (a chunk's URL carries nothing secret, but keep it short). */
const sourceOf = (filename: string) => {
  try {
    return filename ? new URL(filename).pathname : undefined
  } catch {
    return undefined
  }
}

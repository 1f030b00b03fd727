import type { BrowserLogEntry, LogLevel } from '../../shared/ingest-schemas.ts'
import { createBreadcrumbTrail, type BreadcrumbTrail } from './breadcrumbs.ts'
import { BROWSER_LIMITS, clip } from './browser-limits.ts'

/** What the logger sends entries through (the layer's API client, `sendBeacon` on page hide). */
export interface LogTransport {
  /** Resolves once the server accepted the entries; rejects to have them retried. */
  send(entries: readonly BrowserLogEntry[]): Promise<void>
  /** Hands entries to `navigator.sendBeacon`; false when the browser refused them. */
  beacon(entries: readonly BrowserLogEntry[]): boolean
}

/** Options of {@link createBrowserLogger}. */
export interface BrowserLoggerOptions {
  transport: LogTransport
  /** @default 5000 */
  flushIntervalMs?: number
  /** Queued entries that trigger a flush. @default 10 */
  batchSize?: number
  /** Attempts after the first for one batch, then it is dropped. @default 3 */
  maxRetries?: number
  /** Wait before the first retry; doubled for each next one. @default 1000 */
  retryBaseMs?: number
  /** Entries kept while the server is unreachable; the oldest go first. @default 200 */
  maxQueued?: number
  /** Whether a failed send is worth another attempt. @default () => true */
  retryable?: (error: unknown) => boolean
  /** Where the user is, without query or hash (they may hold search text or tokens). */
  location?: () => string
  /** @default () => new Date() */
  now?: () => Date
}

/** Optional fields of one entry. */
export interface LogExtra {
  context?: Record<string, unknown>
  stackTrace?: string
  durationMs?: number
  requestId?: string
}

/** The browser logger: entries are batched, errors go at once; see {@link createBrowserLogger}. */
export interface BrowserLogger {
  log(level: LogLevel, message: string, extra?: LogExtra): void
  debug(message: string, extra?: LogExtra): void
  info(message: string, extra?: LogExtra): void
  warn(message: string, extra?: LogExtra): void
  error(message: string, extra?: LogExtra): void
  /** Records an action (a click, a navigation, an API call) for the entries that follow. */
  breadcrumb(kind: string, text: string): void
  readonly breadcrumbs: BreadcrumbTrail
  /** Sends what is queued now (unless a send is already under way). */
  flush(): Promise<void>
  /** Hands everything queued to `sendBeacon`: the page is going away. */
  flushOnHide(): void
  /** Entries waiting to be sent (tests, devtools). */
  readonly pending: number
  /** Entries given up on: retries spent, or the queue was full. */
  readonly dropped: number
  /** Stops the timers; what is queued stays unsent. */
  dispose(): void
}

const URGENT: ReadonlySet<LogLevel> = new Set(['ERROR', 'FATAL'])

/**
 * Queues entries and sends them every `flushIntervalMs` or once `batchSize` are waiting; ERROR
 * and FATAL go at once. A failed send is retried with exponential backoff up to `maxRetries`
 * times, then dropped: the logger never logs its own failures (that would loop), it counts them.
 */
export function createBrowserLogger(options: BrowserLoggerOptions): BrowserLogger {
  const flushIntervalMs = options.flushIntervalMs ?? 5_000
  const batchSize = Math.min(options.batchSize ?? 10, BROWSER_LIMITS.entriesPerBatch)
  const maxRetries = options.maxRetries ?? 3
  const retryBaseMs = options.retryBaseMs ?? 1_000
  const maxQueued = options.maxQueued ?? 200
  const retryable = options.retryable ?? (() => true)
  const now = options.now ?? (() => new Date())
  const location = options.location ?? (() => undefined)
  const trail = createBreadcrumbTrail(now)
  const queue: BrowserLogEntry[] = []
  let timer: ReturnType<typeof setTimeout> | undefined
  let sending: Promise<void> | undefined
  let dropped = 0
  let disposed = false

  const clearTimer = () => {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
  }
  const arm = () => {
    if (timer === undefined && !disposed && queue.length > 0)
      timer = setTimeout(() => void flush(), flushIntervalMs)
  }
  const wait = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms))

  async function sendWithRetry(batch: BrowserLogEntry[]): Promise<void> {
    for (let attempt = 0; ; attempt++) {
      try {
        await options.transport.send(batch)
        return
      } catch (error) {
        if (disposed || attempt >= maxRetries || !retryable(error)) {
          dropped += batch.length
          return
        }
        await wait(retryBaseMs * 2 ** attempt)
      }
    }
  }

  function flush(): Promise<void> {
    clearTimer()
    if (sending) return sending
    if (queue.length === 0 || disposed) return Promise.resolve()
    const batch = queue.splice(0, BROWSER_LIMITS.entriesPerBatch)
    sending = sendWithRetry(batch).finally(() => {
      sending = undefined
      // What arrived meanwhile: urgent or a full batch goes now, the rest on the timer.
      if (queue.some((e) => URGENT.has(e.level)) || queue.length >= batchSize) void flush()
      else arm()
    })
    return sending
  }

  function log(level: LogLevel, message: string, extra: LogExtra = {}) {
    if (disposed) return
    const url = location()
    const entry: BrowserLogEntry = {
      level,
      message: clip(message || level, BROWSER_LIMITS.messageChars),
      timestamp: now().toISOString(),
      ...(url ? { url: clip(url, BROWSER_LIMITS.urlChars) } : {}),
      ...(extra.context ? { context: boundedContext(extra.context) } : {}),
      ...(extra.stackTrace
        ? { stackTrace: clip(extra.stackTrace, BROWSER_LIMITS.stackTraceChars) }
        : {}),
      ...(extra.durationMs === undefined
        ? {}
        : { durationMs: Math.max(0, Math.round(extra.durationMs)) }),
      ...(extra.requestId ? { requestId: clip(extra.requestId, 100) } : {}),
    }
    const crumbs = trail.last()
    if (crumbs.length > 0) entry.breadcrumbs = crumbs
    queue.push(entry)
    if (queue.length > maxQueued) dropped += queue.splice(0, queue.length - maxQueued).length
    if (URGENT.has(level) || queue.length >= batchSize) void flush()
    else arm()
  }

  return {
    log,
    debug: (message, extra) => log('DEBUG', message, extra),
    info: (message, extra) => log('INFO', message, extra),
    warn: (message, extra) => log('WARN', message, extra),
    error: (message, extra) => log('ERROR', message, extra),
    breadcrumb: (kind, text) => trail.add(kind, text),
    breadcrumbs: trail,
    flush,
    flushOnHide() {
      clearTimer()
      while (queue.length > 0) {
        const batch = queue.splice(0, BROWSER_LIMITS.entriesPerBatch)
        if (!options.transport.beacon(batch)) dropped += batch.length
      }
    },
    get pending() {
      return queue.length
    },
    get dropped() {
      return dropped
    },
    dispose() {
      disposed = true
      clearTimer()
    },
  }
}

/** The context as is when it fits the server's cap, else a note of what was cut. */
function boundedContext(context: Record<string, unknown>): Record<string, unknown> {
  try {
    const json = JSON.stringify(context)
    if (json.length <= BROWSER_LIMITS.contextChars)
      return JSON.parse(json) as Record<string, unknown>
    return { truncated: true, keys: Object.keys(context).slice(0, 20) }
  } catch {
    return { unserialisable: true }
  }
}

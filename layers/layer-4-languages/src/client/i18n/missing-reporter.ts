/** One key a locale lacked, as `POST /api/i18n/missing` takes it. */
export interface MissingKey {
  readonly locale: string
  readonly namespace: string
  readonly key: string
}

/** Options of {@link createMissingReporter}. */
export interface MissingReporterOptions {
  /** Sends one batch; a failure drops it (reports are hints, not data). */
  send: (items: MissingKey[]) => Promise<unknown>
  /** @default 2000 (ms after the first key of a batch) */
  delayMs?: number
  /** A batch this big is sent at once. @default 20 */
  maxBatch?: number
  /** Most keys reported in one page's life, so a broken page cannot flood the server. @default 500 */
  maxTotal?: number
}

/** Collects missing keys and sends them batched and deduplicated. */
export interface MissingReporter {
  /** Notes `namespace.dotted.key` as missing in `locale`; a key seen before is ignored. */
  report(locale: string, fullKey: string): void
  /** Sends what is pending now (page hidden, tests). */
  flush(): Promise<void>
  /** Keys waiting to be sent. */
  readonly pending: number
}

const FULL_KEY = /^([a-z][a-z0-9-]*)\.([A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*)$/

/**
 * vue-i18n calls its `missing` handler for every lookup that fails, many times per render; the
 * reporter keeps each (locale, key) once per page life and sends them in batches: after
 * `delayMs`, or at once when `maxBatch` are waiting. Text that is not a `namespace.key` (a
 * literal passed to `t`) is ignored.
 */
export function createMissingReporter(options: MissingReporterOptions): MissingReporter {
  const delayMs = options.delayMs ?? 2000
  const maxBatch = options.maxBatch ?? 20
  const maxTotal = options.maxTotal ?? 500
  const seen = new Set<string>()
  let queue: MissingKey[] = []
  let timer: ReturnType<typeof setTimeout> | undefined

  async function flush(): Promise<void> {
    if (timer !== undefined) clearTimeout(timer)
    timer = undefined
    while (queue.length > 0) {
      const batch = queue.slice(0, maxBatch)
      queue = queue.slice(maxBatch)
      await options.send(batch).catch(() => undefined)
    }
  }

  return {
    report(locale, fullKey) {
      const match = FULL_KEY.exec(fullKey)
      if (!match) return
      const id = `${locale}\u0000${fullKey}`
      if (seen.has(id) || seen.size >= maxTotal) return
      seen.add(id)
      queue.push({ locale, namespace: match[1]!, key: match[2]! })
      if (queue.length >= maxBatch) {
        // A full batch goes now; what comes after waits for the timer like any other key.
        const batch = queue.splice(0, maxBatch)
        void options.send(batch).catch(() => undefined)
      }
      if (queue.length > 0) timer ??= setTimeout(() => void flush(), delayMs)
    },
    flush,
    get pending() {
      return queue.length
    },
  }
}

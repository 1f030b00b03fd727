import type { Logger } from '@stratum/layer-core/server'

/** Options of {@link ErrorAlert}. */
export interface ErrorAlertOptions {
  /** Where the alert is POSTed (JSON). */
  url: string
  /** ERROR and FATAL entries within one window that raise the alert. */
  threshold: number
  windowMs: number
  logger: Logger
  /** @default Date.now */
  now?: () => number
}

/**
 * Counts ERROR and FATAL entries in fixed windows and POSTs one alert to `ALERT_WEBHOOK_URL` when a
 * window passes the threshold: at most once per window, never waited for by the caller.
 */
export class ErrorAlert {
  #window = -1
  #count = 0
  #sent = false
  readonly #options: ErrorAlertOptions
  /** The alert being delivered, for tests and shutdown. */
  pending: Promise<void> = Promise.resolve()

  constructor(options: ErrorAlertOptions) {
    this.#options = options
  }

  /** Adds `n` errors to the current window. */
  count(n: number): void {
    const now = (this.#options.now ?? Date.now)()
    const window = Math.floor(now / this.#options.windowMs)
    if (window !== this.#window) {
      this.#window = window
      this.#count = 0
      this.#sent = false
    }
    this.#count += n
    if (this.#sent || this.#count < this.#options.threshold) return
    this.#sent = true
    const body = {
      text: `${this.#count} errors in the last ${Math.round(this.#options.windowMs / 1000)} s`,
      errors: this.#count,
      threshold: this.#options.threshold,
      windowStart: new Date(window * this.#options.windowMs).toISOString(),
    }
    this.pending = fetch(this.#options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
      signal: AbortSignal.timeout(5_000),
    }).then(
      () => undefined,
      (error: unknown) => {
        this.#options.logger.warn('alert webhook failed', {
          error: error instanceof Error ? error.message : String(error),
          skipDb: true,
        })
      },
    )
  }
}

/** Options of a {@link BatchWriter}. */
export interface BatchWriterOptions<T> {
  /** Writes one batch (a multi-row insert). */
  write(rows: T[]): Promise<void>
  /** Hears a failed batch; its rows are counted as dropped, never retried into a loop. */
  onError(error: unknown, rows: number): void
  /** Rows waiting at most; beyond it new rows are dropped and counted. @default 10_000 */
  maxQueue?: number
  /** Rows per statement. @default 500 */
  maxBatch?: number
  /** How long a row may wait for a full batch. @default 1000 */
  flushMs?: number
  /** Batches written at the same time (on separate pooled connections). @default 1 */
  concurrency?: number
}

/**
 * A bounded queue written in batches off the request path: `push` never waits and never throws;
 * under overload it drops and counts (`dropped`), so a slow database cannot block a request.
 */
export class BatchWriter<T> {
  #queue: T[] = []
  #timer: NodeJS.Timeout | undefined
  #timerDue = 0
  readonly #inFlight = new Set<Promise<void>>()
  #dropped = 0
  #written = 0
  readonly #options: Required<BatchWriterOptions<T>>

  constructor(options: BatchWriterOptions<T>) {
    this.#options = { maxQueue: 10_000, maxBatch: 500, flushMs: 1000, concurrency: 1, ...options }
  }

  /** Rows refused because the queue was full, or lost with a failed batch. */
  get dropped(): number {
    return this.#dropped
  }

  /** Rows written so far. */
  get written(): number {
    return this.#written
  }

  /** Rows waiting. */
  get pending(): number {
    return this.#queue.length
  }

  /** Queues rows; returns how many were accepted (the rest were dropped). */
  push(...rows: T[]): number {
    const room = Math.max(0, this.#options.maxQueue - this.#queue.length)
    const accepted = rows.length <= room ? rows : rows.slice(0, room)
    this.#dropped += rows.length - accepted.length
    for (const row of accepted) this.#queue.push(row)
    if (this.#queue.length >= this.#options.maxBatch) this.#schedule(0)
    else if (this.#queue.length > 0) this.#schedule(this.#options.flushMs)
    return accepted.length
  }

  #schedule(delayMs: number): void {
    // A pending timer that fires as soon is kept: re-arming it on every push would postpone a
    // full batch for as long as pushes keep coming, exactly under load.
    const due = performance.now() + delayMs
    if (this.#timer && this.#timerDue <= due) return
    clearTimeout(this.#timer)
    this.#timerDue = due
    this.#timer = setTimeout(() => {
      this.#timer = undefined
      this.#start()
    }, delayMs)
    // A waiting batch must not keep the process alive; close() writes it.
    this.#timer.unref()
  }

  /**
   * Starts batches while fewer than `concurrency` are in flight. What queues meanwhile waits for
   * a full batch or its timer: going on at once with whatever queued during a write made a busy
   * server write back to back in batches of a few dozen rows, each paying the round trips and the
   * commit that a batch exists to share.
   */
  #start(): void {
    while (this.#inFlight.size < this.#options.concurrency && this.#queue.length > 0) {
      const batch = this.#queue.splice(0, this.#options.maxBatch)
      const write = this.#options.write(batch).then(
        () => {
          this.#written += batch.length
        },
        (error: unknown) => {
          this.#dropped += batch.length
          this.#options.onError(error, batch.length)
        },
      )
      const tracked = write.finally(() => {
        this.#inFlight.delete(tracked)
        if (this.#queue.length >= this.#options.maxBatch) this.#start()
        else if (this.#queue.length > 0) this.#schedule(this.#options.flushMs)
      })
      this.#inFlight.add(tracked)
    }
  }

  /** Writes everything queued now, without waiting for the timer; resolves once all is written. */
  async flush(): Promise<void> {
    this.#start()
    while (this.#inFlight.size > 0) await Promise.race(this.#inFlight)
    if (this.#queue.length > 0) await this.flush()
  }

  /** Stops the timer and writes what is waiting. */
  async close(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.flush()
  }
}

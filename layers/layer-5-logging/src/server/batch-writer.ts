/**
 * How a batch holds its rows. By default an array of them; `CopyRows` encodes each row for COPY
 * as it is pushed, so a waiting batch holds bytes, not objects, and its write encodes nothing.
 */
export interface BatchShape<T, B> {
  create(): B
  add(batch: B, row: T): void
}

/** Options of a {@link BatchWriter}. */
export interface BatchWriterOptions<T, B = T[]> {
  /** Writes one batch (a multi-row insert). */
  write(batch: B): Promise<void>
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
  /** How a batch holds its rows. @default an array */
  shape?: BatchShape<T, B>
}

/** A batch being filled or waiting, and how many rows it holds. */
interface Waiting<B> {
  rows: B
  size: number
}

const arrays: BatchShape<unknown, unknown[]> = {
  create: () => [],
  add: (batch, row) => void batch.push(row),
}

/**
 * A bounded queue written in batches off the request path: `push` never waits and never throws;
 * under overload it drops and counts (`dropped`), so a slow database cannot block a request.
 */
export class BatchWriter<T, B = T[]> {
  /** Oldest first; each holds up to `maxBatch` rows, and only the last one takes new rows. */
  readonly #batches: Waiting<B>[] = []
  #pending = 0
  #timer: NodeJS.Timeout | undefined
  #timerDue = 0
  readonly #inFlight = new Set<Promise<void>>()
  #dropped = 0
  #written = 0
  readonly #options: Required<BatchWriterOptions<T, B>>

  constructor(options: BatchWriterOptions<T, B>) {
    this.#options = {
      maxQueue: 10_000,
      maxBatch: 500,
      flushMs: 1000,
      concurrency: 1,
      shape: arrays as unknown as BatchShape<T, B>,
      ...options,
    }
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
    return this.#pending
  }

  /** Queues rows; returns how many were accepted (the rest were dropped). */
  push(...rows: T[]): number {
    const { maxQueue, maxBatch, shape } = this.#options
    const accepted = Math.min(rows.length, Math.max(0, maxQueue - this.#pending))
    this.#dropped += rows.length - accepted
    let last = this.#batches.at(-1)
    let added = 0
    for (let i = 0; i < accepted; i++) {
      if (!last || last.size >= maxBatch) {
        last = { rows: shape.create(), size: 0 }
        this.#batches.push(last)
      }
      try {
        shape.add(last.rows, rows[i]!)
      } catch {
        // A row its shape cannot hold (nothing a typed row should be) is dropped, not thrown.
        this.#dropped++
        continue
      }
      last.size++
      added++
    }
    this.#pending += added
    if (this.#pending >= maxBatch) this.#schedule(0)
    else if (this.#pending > 0) this.#schedule(this.#options.flushMs)
    return added
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
    while (this.#inFlight.size < this.#options.concurrency && this.#batches.length > 0) {
      const { rows: batch, size } = this.#batches.shift()!
      this.#pending -= size
      const write = this.#options.write(batch).then(
        () => {
          this.#written += size
        },
        (error: unknown) => {
          this.#dropped += size
          this.#options.onError(error, size)
        },
      )
      const tracked = write.finally(() => {
        this.#inFlight.delete(tracked)
        // A full batch waiting goes next, after one turn of the event loop: on a database that
        // runs in this thread (PGlite) each write holds the loop, and back to back they would
        // hold it for as long as the queue stays full.
        if (this.#pending >= this.#options.maxBatch) this.#schedule(0)
        else if (this.#pending > 0) this.#schedule(this.#options.flushMs)
      })
      this.#inFlight.add(tracked)
    }
  }

  /** Writes everything queued now, without waiting for the timer; resolves once all is written. */
  async flush(): Promise<void> {
    this.#start()
    while (this.#inFlight.size > 0) await Promise.race(this.#inFlight)
    if (this.#pending > 0) await this.flush()
  }

  /** Stops the timer and writes what is waiting. */
  async close(): Promise<void> {
    clearTimeout(this.#timer)
    this.#timer = undefined
    await this.flush()
  }
}

import { Writable } from 'node:stream'

export interface BufferedOutputOptions {
  /** Where lines go. @default process.stdout */
  target?: NodeJS.WritableStream
  /** Longest a line waits before it is written. @default 10 */
  flushMs?: number
  /** Buffered bytes that force a write. @default 65536 */
  maxBytes?: number
}

/**
 * Collects log lines and writes them in batches: one write every `flushMs` instead of one per
 * request (a synchronous syscall when stdout is a file or pipe). Flushed on `flush()`, and on
 * process exit so nothing is lost.
 */
export class BufferedOutput extends Writable {
  #chunks: string[] = []
  #bytes = 0
  #timer: NodeJS.Timeout | undefined
  readonly #target: NodeJS.WritableStream
  readonly #flushMs: number
  readonly #maxBytes: number

  constructor(options: BufferedOutputOptions = {}) {
    super({ decodeStrings: false })
    this.#target = options.target ?? process.stdout
    this.#flushMs = options.flushMs ?? 10
    this.#maxBytes = options.maxBytes ?? 65_536
    process.once('exit', () => this.flush())
  }

  override _write(
    chunk: string | Buffer,
    _encoding: BufferEncoding,
    done: (error?: Error | null) => void,
  ): void {
    this.append(typeof chunk === 'string' ? chunk : chunk.toString())
    done()
  }

  /** Adds text without the stream machinery of `write` (the request log calls this per request). */
  append(text: string): void {
    this.#chunks.push(text)
    this.#bytes += text.length
    if (this.#bytes >= this.#maxBytes) this.flush()
    else this.#timer ??= setTimeout(() => this.flush(), this.#flushMs).unref()
  }

  /** Writes everything buffered now. */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer)
    this.#timer = undefined
    if (this.#chunks.length === 0) return
    const text = this.#chunks.join('')
    this.#chunks = []
    this.#bytes = 0
    this.#target.write(text)
  }
}

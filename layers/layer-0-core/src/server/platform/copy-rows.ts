import type { CopyValue } from './database.ts'

const SPECIAL = /[\\\n\r\t]/
const SPECIAL_ALL = /[\\\n\r\t]/g
const ESCAPES: Record<string, string> = { '\\': '\\\\', '\n': '\\n', '\r': '\\r', '\t': '\\t' }

/** One value in PostgreSQL's COPY text format: `\N` for null, backslash escapes for the rest. */
export function copyField(value: CopyValue): string {
  if (value === null) return '\\N'
  if (typeof value === 'string')
    return SPECIAL.test(value) ? value.replace(SPECIAL_ALL, (c) => ESCAPES[c] ?? c) : value
  if (value instanceof Date) return value.toISOString()
  return String(value)
}

/** One row of `COPY … FROM STDIN` (text format): a tab between fields, a newline after them. */
export function copyLine(row: readonly CopyValue[]): string {
  let line = ''
  for (let i = 0; i < row.length; i++) line += (i === 0 ? '' : '\t') + copyField(row[i] ?? null)
  return `${line}\n`
}

/** Rows as the body of `COPY … FROM STDIN` (text format). */
export function copyText(rows: readonly (readonly CopyValue[])[]): string {
  let text = ''
  for (const row of rows) text += copyLine(row)
  return text
}

/** The first buffer's size; each next one is twice the last, up to {@link MAX_CHUNK}. */
const MIN_CHUNK = 4 * 1024
const MAX_CHUNK = 256 * 1024

/**
 * Rows for {@link Database.copyRows}, encoded one by one as they are added, into byte buffers.
 * A queue of rows waiting for their batch then holds no JavaScript object per row, so the
 * collector neither copies nor promotes them, and writing the batch encodes nothing: encoding
 * five thousand rows at once held the event loop for about 5 ms, every request waiting on it.
 */
export class CopyRows {
  readonly #full: Buffer[] = []
  #chunk: Buffer | undefined
  #offset = 0
  #rows = 0
  #bytes = 0

  /** Appends one row: values in the order of the COPY's columns. */
  add(row: readonly CopyValue[]): void {
    const line = copyLine(row)
    // UTF-8 takes at most three bytes per UTF-16 code unit.
    if (!this.#chunk || this.#chunk.length - this.#offset < line.length * 3)
      this.#next(line.length * 3)
    const written = this.#chunk!.write(line, this.#offset, 'utf8')
    this.#offset += written
    this.#bytes += written
    this.#rows++
  }

  #next(atLeast: number): void {
    const last = this.#chunk
    if (last) this.#full.push(last.subarray(0, this.#offset))
    const size = last ? Math.min(last.length * 2, MAX_CHUNK) : MIN_CHUNK
    this.#chunk = Buffer.allocUnsafe(Math.max(size, atLeast))
    this.#offset = 0
  }

  /** Rows added. */
  get length(): number {
    return this.#rows
  }

  /** Bytes of COPY text they take. */
  get byteLength(): number {
    return this.#bytes
  }

  /** The body of `COPY … FROM STDIN`, in order, as it stands now. */
  chunks(): Buffer[] {
    const chunks = [...this.#full]
    if (this.#chunk && this.#offset > 0) chunks.push(this.#chunk.subarray(0, this.#offset))
    return chunks
  }
}

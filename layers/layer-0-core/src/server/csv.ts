/**
 * RFC 4180 CSV, both ways, for every layer's import and export (translations, reports), written here rather than taken from a package: the format is small,
 * the two directions are about 80 lines, and the parts that matter for safety (formula
 * neutralisation and its exact inverse, row numbers in errors) are ours to get right anyway.
 */

/** Excel reads UTF-8 only with it. */
export const BOM = '\uFEFF'

// Cells starting with = + - @ tab or CR run as formulas in spreadsheets (OWASP CSV injection).
/** What neutralising produced: quotes before a formula start; import strips one. */
const NEUTRALISED = /^'+[=+\-@\t\r]/
/** Neutralised on export: a formula start, after any number of quotes. */
const NEEDS_QUOTE = /^'*[=+\-@\t\r]/

/**
 * Prefixes `'` to a cell a spreadsheet would run as a formula. A value that already starts with
 * quotes and such a character gets one more, so {@link restoreCell} is its exact inverse.
 */
export function neutraliseCell(value: string): string {
  return NEEDS_QUOTE.test(value) ? `'${value}` : value
}

/** The inverse of {@link neutraliseCell}, applied on import. */
export function restoreCell(value: string): string {
  return NEUTRALISED.test(value) ? value.slice(1) : value
}

const quote = (cell: string) => `"${cell.replace(/"/g, '""')}"`

/** One CSV document: BOM, every cell neutralised and quoted, CRLF line ends (RFC 4180). */
export function toCsv(rows: readonly (readonly string[])[]): string {
  return (
    BOM +
    rows.map((row) => row.map((c) => quote(neutraliseCell(c))).join(',')).join('\r\n') +
    '\r\n'
  )
}

/** A CSV text that cannot be read; `line` is 1-based. */
export class CsvSyntaxError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(message)
  }
}

/** A parsed record and the line it starts on (a quoted cell may span lines). */
export interface CsvRecord {
  line: number
  cells: string[]
}

/**
 * Parses RFC 4180 CSV: quoted cells with `""` escapes and line breaks, CRLF or LF line ends,
 * a leading BOM. Empty lines are skipped. Cells come back as written (no neutralisation undone).
 */
export function parseCsv(text: string): CsvRecord[] {
  const input = text.startsWith(BOM) ? text.slice(1) : text
  const records: CsvRecord[] = []
  let cells: string[] = []
  let cell = ''
  let line = 1
  let recordLine = 1
  let i = 0
  let quoted = false
  let afterQuote = false
  const endRecord = () => {
    cells.push(cell)
    if (!(cells.length === 1 && cells[0] === '')) records.push({ line: recordLine, cells })
    cells = []
    cell = ''
    afterQuote = false
  }
  while (i < input.length) {
    const ch = input[i]!
    if (quoted) {
      if (ch === '"') {
        if (input[i + 1] === '"') {
          cell += '"'
          i += 2
          continue
        }
        quoted = false
        afterQuote = true
      } else {
        if (ch === '\n') line++
        cell += ch
      }
      i++
      continue
    }
    if (ch === ',') {
      cells.push(cell)
      cell = ''
      afterQuote = false
    } else if (ch === '\r' || ch === '\n') {
      endRecord()
      if (ch === '\r' && input[i + 1] === '\n') i++
      line++
      recordLine = line
    } else if (ch === '"') {
      if (cell !== '' || afterQuote)
        throw new CsvSyntaxError('A quote inside an unquoted cell.', line)
      quoted = true
    } else {
      if (afterQuote) throw new CsvSyntaxError('Text after a closing quote.', line)
      cell += ch
    }
    i++
  }
  if (quoted) throw new CsvSyntaxError('A quoted cell is never closed.', recordLine)
  if (cell !== '' || cells.length > 0 || afterQuote) endRecord()
  return records
}

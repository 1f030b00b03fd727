import type { CopyValue } from '@stratum/layer-core/server'

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

/** Rows as the body of `COPY … FROM STDIN` (text format): tab between fields, newline after each row. */
export function copyText(rows: readonly (readonly CopyValue[])[]): string {
  let text = ''
  for (const row of rows) {
    for (let i = 0; i < row.length; i++) text += (i === 0 ? '' : '\t') + copyField(row[i] ?? null)
    text += '\n'
  }
  return text
}

/** A quoted SQL identifier (`"name"`), for table and column names in a COPY statement. */
export const quoteIdent = (name: string) => `"${name.replaceAll('"', '""')}"`

/** Prettier's `printWidth` in this repository: a longer entry is written one key per line. */
const PRINT_WIDTH = 100

/** Index of the bracket that closes the one at `open`, skipping strings and comments. */
function closingBracket(source: string, open: number): number {
  const pairs: Record<string, string> = { '[': ']', '{': '}', '(': ')' }
  const stack: string[] = []
  for (let i = open; i < source.length; i++) {
    const char = source[i]!
    if (char === '/' && source[i + 1] === '/') {
      i = source.indexOf('\n', i)
      if (i === -1) break
    } else if (char === '/' && source[i + 1] === '*') {
      i = source.indexOf('*/', i + 2) + 1
      if (i === 0) break
    } else if (char === "'" || char === '"' || char === '`') {
      for (i++; i < source.length && source[i] !== char; i++) if (source[i] === '\\') i++
    } else if (pairs[char]) {
      stack.push(pairs[char])
    } else if (char === ']' || char === '}' || char === ')') {
      if (stack.pop() !== char) break
      if (stack.length === 0) return i
    }
  }
  throw new Error("layers.config.ts: the 'layers' array is not closed.")
}

/** The entry as Prettier would print it at `indent`. */
function renderEntry(id: string, indent: string): string {
  const fields = [
    `name: '${id}'`,
    'enabled: false',
    `prefix: '/api/${id}'`,
    `openapiTags: ['${id}']`,
  ]
  const line = `${indent}{ ${fields.join(', ')} },`
  if (line.length <= PRINT_WIDTH) return line
  return [`${indent}{`, ...fields.map((f) => `${indent}  ${f},`), `${indent}},`].join('\n')
}

/**
 * Returns the text of `layers.config.ts` with a disabled entry for `id` as the last element of
 * its `layers` array. Only lines are added (and a comma after the previous last element, if it
 * had none): the rest of the file keeps its formatting and comments.
 */
export function addLayerEntry(source: string, id: string): string {
  const start = /\blayers\s*:\s*\[/.exec(source)
  if (!start) throw new Error("layers.config.ts has no 'layers: [' array to add the layer to.")
  const open = start.index + start[0].length - 1
  const close = closingBracket(source, open)
  const lineStart = source.lastIndexOf('\n', close) + 1
  const closingIndent = source.slice(lineStart, close)
  const before = source.slice(open + 1, lineStart).trimEnd()
  const needsComma = before !== '' && !before.endsWith(',')

  if (/^[ \t]*$/.test(closingIndent) && lineStart > open) {
    // `]` on its own line: add a line above it, indented like the previous element.
    const previousLine =
      source
        .slice(0, lineStart - 1)
        .split('\n')
        .at(-1) ?? ''
    const indent = before === '' ? `${closingIndent}  ` : (/^[ \t]*/.exec(previousLine)?.[0] ?? '')
    const head = needsComma
      ? `${source.slice(0, open + 1)}${before},\n`
      : source.slice(0, lineStart)
    return `${head}${renderEntry(id, indent)}\n${source.slice(lineStart)}`
  }
  // `layers: []` or elements on the same line as `]`.
  const inline = source.slice(open + 1, close).trimEnd()
  const separator = inline === '' ? '' : inline.endsWith(',') ? ' ' : ', '
  const entry = renderEntry(id, '').replace(/,$/, '')
  return `${source.slice(0, open + 1)}${inline}${separator}${entry}${source.slice(close)}`
}

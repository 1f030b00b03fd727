// Invisible characters: a start mark, base-4 digits of an index into the key table, an end mark.
const START = '\u2063'
const END = '\u2064'
const DIGITS = ['\u200B', '\u200C', '\u200D', '\u2060'] as const
// An alternation, not a character class: the zero-width joiner would join inside a class.
const MARKER = new RegExp(`${START}((?:${DIGITS.join('|')})+)${END}`, 'g')

/**
 * Tags translated text with the key it came from, invisibly, so a click on any text node on any
 * page can say which message it shows. Only used while "edit wording" is on.
 */
export interface WordingMarkers {
  /** `text` prefixed with an invisible marker that encodes `key`. */
  mark(text: string, key: string): string
  /** The keys marked in `text`, in order. */
  keysIn(text: string): string[]
  /** The key of the marked text that covers `offset` (the last marker at or before it). */
  keyAt(text: string, offset: number): string | undefined
  /** `text` without markers. */
  strip(text: string): string
}

function encode(index: number): string {
  let out = ''
  do {
    out = DIGITS[index % 4]! + out
    index = Math.floor(index / 4)
  } while (index > 0)
  return `${START}${out}${END}`
}

function decode(digits: string): number {
  let index = 0
  for (const char of digits) index = index * 4 + DIGITS.indexOf(char as (typeof DIGITS)[number])
  return index
}

/** A marker codec with its own key table (one per app). */
export function createWordingMarkers(): WordingMarkers {
  const keys: string[] = []
  const indexOf = new Map<string, number>()

  const matches = (text: string) =>
    [...text.matchAll(MARKER)].map((m) => ({ at: m.index, key: keys[decode(m[1]!)] }))

  return {
    mark(text, key) {
      let index = indexOf.get(key)
      if (index === undefined) {
        index = keys.push(key) - 1
        indexOf.set(key, index)
      }
      return `${encode(index)}${text}`
    },
    keysIn: (text) => matches(text).flatMap((m) => (m.key ? [m.key] : [])),
    keyAt(text, offset) {
      const before = matches(text).filter((m) => m.at <= offset && m.key)
      return (before.at(-1) ?? matches(text).find((m) => m.key))?.key
    },
    strip: (text) => text.replace(MARKER, ''),
  }
}

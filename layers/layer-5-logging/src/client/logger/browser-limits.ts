/**
 * The server's caps on a browser entry (`INGEST_LIMITS` in the shared schemas), copied so the
 * logger, which loads at boot, does not pull zod into the layer's chunk. A test keeps the two
 * equal.
 */
export const BROWSER_LIMITS = {
  entriesPerBatch: 100,
  breadcrumbsPerEntry: 10,
  messageChars: 2_000,
  stackTraceChars: 8_000,
  urlChars: 2_000,
  breadcrumbTextChars: 200,
  breadcrumbKindChars: 40,
  contextChars: 4_000,
} as const

/** `text` cut to `max` characters (an ellipsis marks the cut), never splitting a surrogate pair. */
export function clip(text: string, max: number): string {
  if (text.length <= max) return text
  let end = max - 1
  const code = text.charCodeAt(end - 1)
  if (code >= 0xd800 && code <= 0xdbff) end -= 1
  return `${text.slice(0, end)}…`
}

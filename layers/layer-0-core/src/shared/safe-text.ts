import { z } from 'zod'

/**
 * Text PostgreSQL can store. It refuses NUL in `text` ("invalid byte sequence for encoding UTF8:
 * 0x00") and a lone UTF-16 surrogate in `jsonb`, and node-postgres silently turns a lone
 * surrogate in `text` into U+FFFD. JSON and zod accept both (`"\u0000"`, `"\ud800"`), so every
 * text input is checked here, at validation, where the field can still be named in a 400.
 */

/** A high surrogate not followed by a low one, or a low surrogate not preceded by a high one. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/

/** What a refused text is told, in English; client forms show their own translated text. */
export const UNSAFE_TEXT_MESSAGE =
  'Remove the NUL character or the unpaired UTF-16 surrogate from the text.'

/** Marks the issues {@link safeText} raises, so that forms can word them (`issue.params`). */
const UNSAFE_TEXT_PARAMS = { unsafeText: true } as const

/** True when the text holds neither NUL nor a lone UTF-16 surrogate. */
export const isSafeText = (text: string): boolean =>
  !text.includes('\u0000') && !LONE_SURROGATE.test(text)

/**
 * `z.string()` that refuses NUL and lone surrogates, with a message of its own. Every text input
 * (body field, query or path parameter) starts from it; chain the usual checks after it
 * (`safeText().trim().min(1)`), which are skipped once it fails, so the field gets one message.
 */
export const safeText = (message: string = UNSAFE_TEXT_MESSAGE) =>
  z.string().refine(isSafeText, { error: message, abort: true, params: UNSAFE_TEXT_PARAMS })

/** True when no string or key anywhere in the JSON value is unsafe text. */
export function isSafeJson(value: unknown): boolean {
  // A loop, not recursion: a deeply nested body must not overflow the stack (a 500).
  const pending: unknown[] = [value]
  while (pending.length > 0) {
    const item = pending.pop()
    if (typeof item === 'string') {
      if (!isSafeText(item)) return false
    } else if (Array.isArray(item)) {
      for (const inner of item) pending.push(inner) // no spread: a long array is too many arguments
    } else if (typeof item === 'object' && item !== null) {
      for (const [key, inner] of Object.entries(item)) {
        if (!isSafeText(key)) return false
        pending.push(inner)
      }
    }
  }
  return true
}

/** Free-form JSON (a record's values) holding only safe text, at any depth. */
export const safeJson = (message: string = UNSAFE_TEXT_MESSAGE) =>
  z.unknown().refine(isSafeJson, { error: message, abort: true, params: UNSAFE_TEXT_PARAMS })

/** Was this zod issue raised by {@link safeText} or {@link safeJson}? */
export const isUnsafeTextIssue = (issue: z.core.$ZodIssue): boolean =>
  issue.code === 'custom' && issue.params?.unsafeText === true

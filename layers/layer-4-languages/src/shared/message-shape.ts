/**
 * The check every write of a value runs (the console runs it before saving, the server again):
 * a translation must use the same `{placeholders}` as the en-US source, and be a plural message
 * (`a | b`) exactly when the source is one.
 */

const PLACEHOLDER = /\{\s*([A-Za-z_][\w]*)\s*\}/g

/** Splits on vue-i18n's plural separator; `{'|'}` and `@:` links are left alone. */
const branches = (text: string): string[] => text.split('|')

const placeholders = (text: string): Set<string> =>
  new Set([...text.matchAll(PLACEHOLDER)].map((m) => m[1]!))

/** How many plural forms `locale` has (Arabic 6, English 2), per `Intl.PluralRules`. */
function pluralForms(locale: string): number {
  try {
    return new Intl.PluralRules(locale).resolvedOptions().pluralCategories.length
  } catch {
    return 2
  }
}

/** What {@link compareMessageShape} found wrong. */
export interface MessageShapeMismatch {
  reason: 'PLACEHOLDER_MISMATCH' | 'PLURAL_MISMATCH'
  /** Placeholders of the source the value lacks. */
  missing: string[]
  /** Placeholders in the value the source does not have. */
  extra: string[]
  /** Branch counts the value may have. */
  expectedBranches: number[]
  actualBranches: number
  /** In English, for logs and the API's `message`. */
  message: string
}

/**
 * Compares a value with its en-US source. A plural value may have as many branches as the source,
 * or as many as the locale has plural forms (plus one for an explicit zero), so Arabic can use
 * its six forms. Returns undefined when the shapes match.
 */
export function compareMessageShape(
  source: string,
  value: string,
  locale: string,
): MessageShapeMismatch | undefined {
  const want = branches(source).length
  const got = branches(value).length
  const forms = pluralForms(locale)
  const expected = want === 1 ? [1] : [...new Set([want, forms, forms + 1])].sort((a, b) => a - b)
  if (!expected.includes(got)) {
    return {
      reason: 'PLURAL_MISMATCH',
      missing: [],
      extra: [],
      expectedBranches: expected,
      actualBranches: got,
      message:
        want === 1
          ? `The source is not a plural message, but the value has ${got} branches separated by |.`
          : `The source is a plural message; the value needs ${expected.join(' or ')} branches separated by |, not ${got}.`,
    }
  }
  const sourceNames = placeholders(source)
  const valueNames = placeholders(value)
  const missing = [...sourceNames].filter((n) => !valueNames.has(n)).sort()
  const extra = [...valueNames].filter((n) => !sourceNames.has(n)).sort()
  if (missing.length === 0 && extra.length === 0) return undefined
  const parts = [
    ...(missing.length > 0 ? [`lacks ${missing.map((n) => `{${n}}`).join(', ')}`] : []),
    ...(extra.length > 0 ? [`has unknown ${extra.map((n) => `{${n}}`).join(', ')}`] : []),
  ]
  return {
    reason: 'PLACEHOLDER_MISMATCH',
    missing,
    extra,
    expectedBranches: expected,
    actualBranches: got,
    message: `The value ${parts.join(' and ')} compared with the en-US source.`,
  }
}

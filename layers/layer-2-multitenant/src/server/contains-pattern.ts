/**
 * `text` as an ILIKE pattern that matches it as a substring: `%`, `_` and `\` in it match
 * themselves, so a search for `100%` finds only that.
 */
export const containsPattern = (text: string): string => `%${text.replace(/[\\%_]/g, '\\$&')}%`

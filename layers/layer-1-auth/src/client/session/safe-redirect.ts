import type { LocationQueryValue } from 'vue-router'

const BASE = 'http://stratum.invalid'
// Control characters and backslashes: browsers drop tabs and newlines and read `\` as `/`,
// so `/\evil.com` or `/<tab>/evil.com` would leave the app.
// eslint-disable-next-line no-control-regex
const UNSAFE_CHARACTERS = /[\u0000-\u001f\u007f\\]/

/**
 * The `redirect` query value when it is a path inside this app (`/account?tab=1#x`), else
 * `undefined`. Rejects absolute URLs, protocol-relative `//host`, backslash and control-character
 * tricks, and anything that resolves to another origin.
 */
export function safeRedirect(
  value: LocationQueryValue | LocationQueryValue[] | string | undefined,
): string | undefined {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//'))
    return undefined
  if (UNSAFE_CHARACTERS.test(value)) return undefined
  let url: URL
  try {
    url = new URL(value, BASE)
  } catch {
    return undefined
  }
  if (url.origin !== BASE) return undefined
  return `${url.pathname}${url.search}${url.hash}`
}

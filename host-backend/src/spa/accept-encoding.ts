/** The encodings the build precompresses SPA files in, best first. */
export type ContentEncoding = 'br' | 'gzip'

const PREFERENCE: readonly ContentEncoding[] = ['br', 'gzip']

/** `Accept-Encoding` as coding → q (RFC 9110 §12.5.3); names are case-insensitive. */
function parseAcceptEncoding(header: string): Map<string, number> {
  const weights = new Map<string, number>()
  for (const part of header.split(',')) {
    const [name, ...params] = part.trim().split(';')
    if (!name) continue
    let q = 1
    for (const param of params) {
      const [key, value] = param.trim().split('=')
      if (key?.trim().toLowerCase() === 'q') q = Number(value)
    }
    weights.set(name.trim().toLowerCase(), Number.isFinite(q) ? q : 0)
  }
  return weights
}

/**
 * The best of `available` that the request accepts: brotli before gzip, a coding with `q=0`
 * refused, `*` standing for any coding not named. `undefined` means the identity.
 */
export function pickEncoding(
  header: string | undefined,
  available: readonly ContentEncoding[],
): ContentEncoding | undefined {
  if (!header) return undefined
  const weights = parseAcceptEncoding(header)
  const weightOf = (coding: string) => weights.get(coding) ?? weights.get('*') ?? 0
  let best: ContentEncoding | undefined
  for (const coding of PREFERENCE) {
    if (!available.includes(coding) || weightOf(coding) <= 0) continue
    if (!best || weightOf(coding) > weightOf(best)) best = coding
  }
  return best
}

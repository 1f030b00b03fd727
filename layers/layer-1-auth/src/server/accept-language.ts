import { matchLocale, type Locale } from '@stratum/layer-core/shared'

/** The first supported locale in an `Accept-Language` header, by quality (`pt` → pt-BR). */
export function localeFromHeader(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  const tags = header
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=')
      return { tag, q: q === undefined ? 1 : Number(q) }
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q)
  for (const { tag } of tags) {
    const match = matchLocale(tag)
    if (match) return match
  }
  return undefined
}

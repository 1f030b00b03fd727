import { LOCALES, type Locale } from '@stratum/layer-core/shared'

/** The first supported locale in an `Accept-Language` header (`pt` → pt-BR, `es-MX` → es-ES). */
export function localeFromHeader(header: string | undefined): Locale | undefined {
  if (!header) return undefined
  const tags = header
    .split(',')
    .map((part) => {
      const [tag = '', q] = part.trim().split(';q=')
      return { tag: tag.toLowerCase(), q: q === undefined ? 1 : Number(q) }
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q)
  for (const { tag } of tags) {
    const exact = LOCALES.find((l) => l.toLowerCase() === tag)
    if (exact) return exact
    const language = LOCALES.find((l) => l.split('-')[0]!.toLowerCase() === tag.split('-')[0])
    if (language) return language
  }
  return undefined
}

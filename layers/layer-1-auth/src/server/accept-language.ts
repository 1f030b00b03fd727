import { matchLocale, type LocaleCode } from '@stratum/layer-core/shared'

/**
 * The first live locale in an `Accept-Language` header, by quality (`pt` → pt-BR, `fr` → fr-FR
 * when a message source added it).
 * @param live the live locale codes (`MessageCatalog.locales()`)
 */
export function localeFromHeader(
  header: string | undefined,
  live: readonly LocaleCode[],
): LocaleCode | undefined {
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
    const match = matchLocale(tag, live)
    if (match) return match
  }
  return undefined
}

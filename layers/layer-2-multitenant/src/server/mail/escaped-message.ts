import { escapeHtml } from '@stratum/layer-core/server'

type Translate = (key: string, params?: Readonly<Record<string, string | number>>) => string

/**
 * A message for an HTML part: the translated text is escaped first (an override is text, never
 * markup), then `{placeholders}` take `values`, which the caller has escaped or marked up.
 */
export function interpolateEscaped(
  t: Translate,
  key: string,
  values: Readonly<Record<string, string | number>>,
): string {
  return escapeHtml(t(key)).replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in values ? String(values[name]) : whole,
  )
}

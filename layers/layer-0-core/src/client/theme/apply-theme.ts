import type { ThemeTokens } from '../contract.ts'
import { mergeTokens, type ThemeConfig } from './theme-config.ts'

const applied = new WeakMap<Document, Set<string>>()
const titleSuffixes = new WeakMap<Document, string>()

/**
 * Sets `tokens` as CSS variables on `<html>` through the CSSOM (`style.setProperty`), which a
 * strict `style-src 'self'` CSP allows, and removes variables a previous call set but these lack.
 */
export function applyThemeTokens(tokens: ThemeTokens, doc: Document = document): void {
  const style = doc.documentElement.style
  const previous = applied.get(doc) ?? new Set<string>()
  const next = new Set(Object.keys(tokens))
  for (const name of previous) if (!next.has(name)) style.removeProperty(name)
  for (const [name, value] of Object.entries(tokens)) style.setProperty(name, value)
  applied.set(doc, next)
}

/** Options of {@link applyTheme}. */
export interface ApplyThemeOptions {
  /** Tokens of the live layers, in layer order, merged over the theme's variables. */
  layerTokens?: readonly (ThemeTokens | undefined)[]
  /** @default document */
  document?: Document
}

/** Applies a theme: CSS variables (theme, then layers), the title suffix and the favicon. */
export function applyTheme(theme: ThemeConfig, options: ApplyThemeOptions = {}): void {
  const doc = options.document ?? document
  applyThemeTokens(mergeTokens(theme.variables, ...(options.layerTokens ?? [])), doc)
  titleSuffixes.set(doc, theme.title ?? theme.name)
  setDocumentTitle(undefined, doc)
  setFavicon(theme.favicon, doc)
}

/** Sets `document.title` to `<page> · <theme title>`, or the theme title alone. */
export function setDocumentTitle(page: string | undefined, doc: Document = document): void {
  const suffix = titleSuffixes.get(doc)
  doc.title = [page, suffix].filter(Boolean).join(' · ')
}

function setFavicon(href: string, doc: Document): void {
  let link = doc.head.querySelector<HTMLLinkElement>('link[rel~="icon"]')
  if (!link) {
    link = doc.createElement('link')
    link.rel = 'icon'
    doc.head.append(link)
  }
  if (href.endsWith('.svg') || href.startsWith('data:image/svg+xml')) link.type = 'image/svg+xml'
  link.href = href
}

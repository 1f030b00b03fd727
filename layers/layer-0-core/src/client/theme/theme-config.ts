import type { Component } from 'vue'
import type { ThemeTokens } from '../contract.ts'

/**
 * A text a theme writes in every language it serves: en-US, the fallback of every locale, is
 * required; a locale left out reads its fallback chain's.
 */
export type ThemeText = { readonly 'en-US': string } & Readonly<Record<string, string>>

/** What the landing page says under the brand. */
export interface ThemeLanding {
  /** The page's `<h1>`. */
  readonly headline: ThemeText
  /** A sentence or two below it. */
  readonly text: ThemeText
}

/** A theme under `themes/<name>/theme.config.ts` (default export). */
export interface ThemeConfig {
  /** The theme's folder name. */
  readonly name: string
  /** Parent theme: its variables apply first and this theme's override them. */
  readonly extends?: string
  /** Brand name: the header's title and the document title's suffix. @default the theme's name */
  readonly title?: string
  /** Logo URL (`new URL('./logo.svg', import.meta.url).href` or a `?url` import). */
  readonly logo: string
  /** Favicon URL, set on `<link rel="icon">`. */
  readonly favicon: string
  /**
   * The landing page's headline and text, loaded when the landing page opens (a module whose
   * default export is a {@link ThemeLanding}), so the sign-in page does not download them.
   * @default base's
   */
  readonly landing?: () => Promise<{ default: ThemeLanding }>
  /** CSS variables: colours, typography, spacing, layout and shadows. */
  readonly variables: ThemeTokens
  /** Mails sent under this theme. */
  readonly mail?: {
    /** The sender's name (`Client A <no-reply@…>`). @default the name in `MAIL_FROM` ('Stratum') */
    readonly senderName?: string
  }
  /** Shell components the theme replaces, by name, loaded lazily. */
  readonly customComponents?: Readonly<Record<string, () => Promise<{ default: Component }>>>
}

/** Name of the theme every other theme ultimately extends. */
export const BASE_THEME = 'base'

/** Merges token sets left to right: later sets win. */
export const mergeTokens = (...sets: readonly (ThemeTokens | undefined)[]): ThemeTokens =>
  Object.assign({}, ...sets.filter(Boolean)) as ThemeTokens

/**
 * Flattens a theme and its `extends` chain into one theme: parent variables first, and the
 * child's own fields over its parent's. Throws on an unknown parent or a cycle.
 */
export function resolveTheme(name: string, themes: ReadonlyMap<string, ThemeConfig>): ThemeConfig {
  const chain: ThemeConfig[] = []
  for (let next: string | undefined = name; next !== undefined;) {
    const theme = themes.get(next)
    if (!theme) throw new Error(`Theme '${next}' is unknown: no themes/${next}/theme.config.ts.`)
    if (chain.includes(theme)) throw new Error(`Themes form an extends cycle at '${next}'.`)
    chain.unshift(theme)
    next = theme.extends
  }
  return chain.reduce((parent, child) => ({
    ...parent,
    ...child,
    variables: mergeTokens(parent.variables, child.variables),
    customComponents: { ...parent.customComponents, ...child.customComponents },
  }))
}

import { BASE_THEME, resolveTheme, type ThemeConfig } from '@stratum/layer-core/client'

// Every theme is its own chunk; only the chosen one and its parents are fetched.
const themeModules = import.meta.glob<{ default: ThemeConfig }>('../../../themes/*/theme.config.ts')

const nameOf = (file: string) => /themes\/([^/]+)\/theme\.config\.ts$/.exec(file)?.[1]

/** Names of the themes under `themes/`. */
export const themeNames = (): string[] =>
  Object.keys(themeModules).flatMap((file) => nameOf(file) ?? [])

/**
 * Loads a theme and its `extends` chain and flattens them.
 * @default name 'base' (child themes picked by subdomain come later)
 */
export async function loadTheme(name: string = BASE_THEME): Promise<ThemeConfig> {
  const themes = new Map<string, ThemeConfig>()
  for (let next: string | undefined = name; next !== undefined && !themes.has(next);) {
    const file = Object.keys(themeModules).find((f) => nameOf(f) === next)
    if (!file) throw new Error(`Theme '${next}' is unknown: no themes/${next}/theme.config.ts.`)
    const theme = (await themeModules[file]!()).default
    themes.set(next, theme)
    next = theme.extends
  }
  return resolveTheme(name, themes)
}

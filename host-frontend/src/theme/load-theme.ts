import { BASE_THEME, resolveTheme, type ThemeConfig } from '@stratum/layer-core/client'

// Every theme is its own chunk; only the chosen one and its parents are fetched. Adding a theme
// is adding a folder: this glob finds it at the next build.
const themeModules = import.meta.glob<{ default: ThemeConfig }>('../../../themes/*/theme.config.ts')

const nameOf = (file: string) => /themes\/([^/]+)\/theme\.config\.ts$/.exec(file)?.[1]

/** Names of the themes under `themes/`. */
export const themeNames = (): string[] =>
  Object.keys(themeModules).flatMap((file) => nameOf(file) ?? [])

/** Loads one theme's own config (not merged with its parents). */
export type ThemeModuleLoader = (name: string) => Promise<ThemeConfig>

/** Loads `themes/<name>/theme.config.ts`; rejects for a name without a folder. */
export const loadThemeModule: ThemeModuleLoader = async (name) => {
  const file = Object.keys(themeModules).find((f) => nameOf(f) === name)
  if (!file) throw new Error(`Theme '${name}' is unknown: no themes/${name}/theme.config.ts.`)
  return (await themeModules[file]!()).default
}

/**
 * A theme and its `extends` chain, root (base) first. Rejects on an unknown theme or parent,
 * and on a cycle.
 */
export async function loadThemeChain(
  name: string,
  load: ThemeModuleLoader = loadThemeModule,
): Promise<ThemeConfig[]> {
  const chain: ThemeConfig[] = []
  for (let next: string | undefined = name; next !== undefined;) {
    if (chain.some((theme) => theme.name === next)) {
      throw new Error(`Themes form an extends cycle at '${next}'.`)
    }
    const theme: ThemeConfig = await load(next)
    chain.unshift(theme)
    next = theme.extends
  }
  return chain
}

/**
 * Loads a theme and its `extends` chain and flattens them (child fields over its parent's).
 * @default name 'base'
 */
export async function loadTheme(name: string = BASE_THEME): Promise<ThemeConfig> {
  const chain = await loadThemeChain(name)
  return resolveTheme(name, new Map(chain.map((theme) => [theme.name, theme])))
}

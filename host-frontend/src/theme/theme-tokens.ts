import { mergeTokens, type ThemeConfig, type ThemeTokens } from '@stratum/layer-core/client'

/**
 * The CSS variables of a theme chain (root first) with the layers' tokens: the root theme's
 * (base), then each layer's in layer order, then each child theme's. A child theme therefore
 * wins over a layer's default (`--authenticated-sidebar-background`), and a layer over base.
 */
export function themeTokens(
  chain: readonly ThemeConfig[],
  layerTokens: readonly (ThemeTokens | undefined)[] = [],
): ThemeTokens {
  const [root, ...children] = chain
  return mergeTokens(root?.variables, ...layerTokens, ...children.map((theme) => theme.variables))
}

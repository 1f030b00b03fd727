import { useThemeStore, type ThemeConfig } from '@stratum/layer-core/client'
import { createPinia, type Pinia } from 'pinia'
import { afterEach, beforeEach, describe, expect, it } from 'vitest'
import { createThemeController, type ThemeControllerOptions } from './theme-controller.ts'

const theme = (name: string, primary: string, extra: Partial<ThemeConfig> = {}): ThemeConfig => ({
  name,
  extends: name === 'base' ? undefined : 'base',
  title: name.toUpperCase(),
  logo: `/assets/${name}-logo.svg`,
  favicon: `/assets/${name}-favicon.svg`,
  variables: { '--color-primary': primary },
  ...extra,
})
const themes: Record<string, ThemeConfig> = {
  base: theme('base', '#000001', {
    variables: { '--color-primary': '#000001', '--radius': '1px', '--layer-gap': 'base' },
  }),
  'client-a': theme('client-a', '#00000a'),
  'client-b': theme('client-b', '#00000b', {
    variables: { '--color-primary': '#00000b', '--layer-gap': 'client-b' },
  }),
}
const html = () => document.documentElement.style
const favicon = () => document.head.querySelector('link[rel~="icon"]')?.getAttribute('href')

let pinia: Pinia
beforeEach(() => {
  pinia = createPinia()
})
afterEach(() => {
  document.documentElement.removeAttribute('style')
  document.head.querySelectorAll('link[rel~="icon"]').forEach((link) => link.remove())
})

const controller = (detection: ThemeControllerOptions['detection']) =>
  createThemeController({
    pinia,
    detection,
    available: Object.keys(themes),
    loadModule: async (name) => {
      const found = themes[name]
      if (!found) throw new Error(`no ${name}`)
      return found
    },
  })

describe('theme controller', () => {
  it('starts in the subdomain’s theme, with its title, favicon and logo', async () => {
    const themes = controller({ subdomain: 'client-a', fallback: 'client-b' })
    await themes.apply()
    expect(themes.active.value).toBe('client-a')
    expect(html().getPropertyValue('--color-primary')).toBe('#00000a')
    expect(html().getPropertyValue('--radius')).toBe('1px')
    expect(document.title).toBe('CLIENT-A')
    expect(favicon()).toBe('/assets/client-a-favicon.svg')
    expect(useThemeStore(pinia).logo).toBe('/assets/client-a-logo.svg')
  })

  it('lets the subdomain win over the tenant’s theme after sign-in', async () => {
    const themes = controller({ subdomain: 'client-a', fallback: 'base' })
    await themes.apply()
    await themes.setTenantTheme('client-b')
    expect(themes.active.value).toBe('client-a')
  })

  it('follows the tenant’s theme over the default, and returns to the default on sign-out', async () => {
    const themes = controller({ subdomain: undefined, fallback: 'client-a' })
    await themes.apply()
    expect(themes.active.value).toBe('client-a')
    await themes.setTenantTheme('client-b')
    expect(themes.active.value).toBe('client-b')
    expect(html().getPropertyValue('--color-primary')).toBe('#00000b')
    await themes.setTenantTheme(undefined)
    expect(themes.active.value).toBe('client-a')
  })

  it('falls back to base for an unknown tenant theme', async () => {
    const themes = controller({ subdomain: undefined, fallback: 'client-a' })
    await themes.setTenantTheme('gone')
    expect(themes.active.value).toBe('base')
    expect(html().getPropertyValue('--color-primary')).toBe('#000001')
  })

  it('previews a theme over everything until the preview ends', async () => {
    const themes = controller({ subdomain: 'client-a', fallback: 'base' })
    await themes.apply()
    await themes.preview('client-b')
    expect(themes.previewing.value).toBe('client-b')
    expect(themes.active.value).toBe('client-b')
    await themes.preview(undefined)
    expect(themes.active.value).toBe('client-a')
    await expect(themes.preview('nope')).rejects.toThrow("Theme 'nope' is unknown")
  })

  it('merges tokens as base, then the layers’, then the child theme’s', async () => {
    const themes = controller({ subdomain: undefined, fallback: 'base' })
    await themes.setLayerTokens([{ '--layer-gap': 'layer', '--color-primary': '#0000ff' }])
    // On base, a layer's token wins over base's own value.
    expect(html().getPropertyValue('--layer-gap')).toBe('layer')
    expect(html().getPropertyValue('--color-primary')).toBe('#0000ff')
    await themes.setTenantTheme('client-b')
    // On a child theme, the child wins over the layer.
    expect(html().getPropertyValue('--layer-gap')).toBe('client-b')
    expect(html().getPropertyValue('--color-primary')).toBe('#00000b')
  })

  it('keeps the last request when changes overlap', async () => {
    const themes = controller({ subdomain: undefined, fallback: 'base' })
    await Promise.all([themes.setTenantTheme('client-a'), themes.setTenantTheme('client-b')])
    expect(themes.active.value).toBe('client-b')
    expect(html().getPropertyValue('--color-primary')).toBe('#00000b')
  })
})

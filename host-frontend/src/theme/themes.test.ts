import {
  BASE_THEME,
  resolveTheme,
  SHIPPED_LOCALES,
  type ThemeConfig,
} from '@stratum/layer-core/client'
import { describe, expect, it } from 'vitest'
import { loadThemeChain, themeNames } from './load-theme.ts'
import { themeTokens } from './theme-tokens.ts'

// Every theme folder, as the app finds them: a new theme is checked without touching this file.
const names = themeNames()

/** WCAG 2.x relative luminance of `#rrggbb`. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16) / 255)
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4))
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!
}
const contrast = (a: string, b: string) => {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x)
  return (hi! + 0.05) / (lo! + 0.05)
}

async function resolved(
  name: string,
): Promise<{ theme: ThemeConfig; vars: Record<string, string> }> {
  const chain = await loadThemeChain(name)
  const theme = resolveTheme(name, new Map(chain.map((t) => [t.name, t])))
  return { theme, vars: themeTokens(chain) as Record<string, string> }
}

// Text pairs need 4.5:1, controls (borders, focus ring) 3:1: WCAG 2.1 SC 1.4.3 and 1.4.11.
const TEXT_PAIRS = [
  ['text', 'surface'],
  ['text', 'background'],
  ['muted', 'surface'],
  ['muted', 'background'],
  ['danger', 'surface'],
  ['success', 'surface'],
  ['primary', 'surface'],
  ['primary', 'background'],
  ['on-primary', 'primary'],
  ['on-primary', 'primary-hover'],
] as const
const CONTROL_PAIRS = [
  ['border', 'surface'],
  ['focus-ring', 'surface'],
  ['focus-ring', 'background'],
] as const

describe('themes', () => {
  it('finds base and the client themes by their folders', () => {
    expect(names).toEqual(expect.arrayContaining([BASE_THEME, 'client-a', 'client-b']))
  })

  describe.each(names)('%s', (name) => {
    it('extends base (or is base) and has its own title, logo and favicon', async () => {
      const { theme } = await resolved(name)
      expect(theme.name).toBe(name)
      const chain = await loadThemeChain(name)
      expect(chain[0]!.name).toBe(BASE_THEME)
      expect(theme.title).toBeTruthy()
      const others = await Promise.all(
        names.filter((n) => n !== name).map(async (n) => (await resolved(n)).theme),
      )
      expect(others.map((o) => o.title)).not.toContain(theme.title)
      expect(others.map((o) => o.logo)).not.toContain(theme.logo)
      expect(others.map((o) => o.favicon)).not.toContain(theme.favicon)
    })

    it.each([...TEXT_PAIRS, ...CONTROL_PAIRS])('%s on %s meets AA', async (fg, bg) => {
      const { vars } = await resolved(name)
      const [a, b] = [vars[`--color-${fg}`], vars[`--color-${bg}`]]
      expect(a, `--color-${fg}`).toMatch(/^#[0-9a-f]{6}$/i)
      expect(b, `--color-${bg}`).toMatch(/^#[0-9a-f]{6}$/i)
      const needed = CONTROL_PAIRS.some(([f, g]) => f === fg && g === bg) ? 3 : 4.5
      expect(contrast(a!, b!)).toBeGreaterThanOrEqual(needed)
    })

    it('writes its landing headline and text in every shipped locale', async () => {
      const { theme } = await resolved(name)
      const landing = (await theme.landing!()).default
      for (const part of [landing.headline, landing.text]) {
        for (const { code } of SHIPPED_LOCALES) expect(part?.[code], code).toBeTruthy()
      }
    })

    it('keeps text readable on a sidebar colour it sets', async () => {
      const { vars } = await resolved(name)
      const sidebar = vars['--core-sidebar-background']
      if (!sidebar?.startsWith('#')) return
      for (const fg of ['text', 'muted', 'primary']) {
        expect(contrast(vars[`--color-${fg}`]!, sidebar), fg).toBeGreaterThanOrEqual(4.5)
      }
    })
  })

  it('client-a and client-b have primary colours clearly apart from base and each other', async () => {
    const primaries = await Promise.all(
      [BASE_THEME, 'client-a', 'client-b'].map(
        async (n) => (await resolved(n)).vars['--color-primary']!,
      ),
    )
    expect(new Set(primaries).size).toBe(3)
  })

  // Loading it needs the host's Vite root (themes have no node_modules of their own), so the
  // component itself is checked in the browser test; replacement is tested in layer 3's layout.
  it('client-a replaces the shell header; base and client-b keep the default', async () => {
    expect((await resolved('client-a')).theme.customComponents?.AppHeader).toBeTypeOf('function')
    expect((await resolved('client-b')).theme.customComponents?.AppHeader).toBeUndefined()
    expect((await resolved(BASE_THEME)).theme.customComponents?.AppHeader).toBeUndefined()
  })
})

import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

// Loaded by path so the server type-check does not follow the theme into client-only types.
const themeFile = fileURLToPath(new URL('../../themes/base/theme.config.ts', import.meta.url))
const { default: theme } = (await import(/* @vite-ignore */ themeFile)) as {
  default: { name: string; logo: string; favicon: string; variables: Record<string, string> }
}

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
const color = (name: string) => {
  const value = theme.variables[`--color-${name}`]
  expect(value, `--color-${name}`).toMatch(/^#[0-9a-f]{6}$/i)
  return value!
}

describe('base theme', () => {
  it('is the root theme with logo and favicon assets', () => {
    expect(theme.name).toBe('base')
    expect(theme.logo).toMatch(/logo\.svg$/)
    expect(theme.favicon).toMatch(/favicon\.svg$/)
  })

  it.each([
    ['text', 'surface'],
    ['text', 'background'],
    ['muted', 'surface'],
    ['muted', 'background'],
    ['danger', 'surface'],
    ['success', 'surface'],
    ['primary', 'surface'],
    ['on-primary', 'primary'],
    ['on-primary', 'primary-hover'],
  ])('%s on %s meets AA for text (4.5:1)', (fg, bg) => {
    expect(contrast(color(fg), color(bg))).toBeGreaterThanOrEqual(4.5)
  })

  it.each([
    ['border', 'surface'],
    ['focus-ring', 'surface'],
    ['focus-ring', 'background'],
  ])('%s on %s meets AA for controls (3:1)', (fg, bg) => {
    expect(contrast(color(fg), color(bg))).toBeGreaterThanOrEqual(3)
  })

  it('defines typography, spacing, layout and shadow tokens', () => {
    for (const name of [
      '--font-family',
      '--font-size-md',
      '--line-height',
      '--space-4',
      '--header-height',
      '--sidebar-width',
      '--radius',
      '--shadow-sm',
    ]) {
      expect(theme.variables[name], name).toBeTruthy()
    }
  })
})

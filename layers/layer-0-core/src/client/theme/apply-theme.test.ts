import { afterEach, describe, expect, it } from 'vitest'
import { applyTheme, applyThemeTokens, setDocumentTitle } from './apply-theme.ts'
import { resolveTheme, type ThemeConfig } from './theme-config.ts'

const base: ThemeConfig = {
  name: 'base',
  title: 'Stratum',
  logo: '/assets/logo.svg',
  favicon: '/assets/favicon.svg',
  variables: { '--color-primary': '#1d4ed8', '--color-text': '#1f2937', '--radius': '0.5rem' },
}
const root = () => document.documentElement

afterEach(() => {
  root().removeAttribute('style')
  document.head.querySelectorAll('link[rel~="icon"]').forEach((link) => link.remove())
})

describe('applyTheme', () => {
  it('sets the theme variables on <html>, then the layers’ tokens over them', () => {
    applyTheme(base, {
      layerTokens: [{ '--auth-card-width': '24rem' }, { '--color-primary': '#7c3aed' }],
    })
    const style = getComputedStyle(root())
    expect(root().style.getPropertyValue('--color-text')).toBe('#1f2937')
    expect(root().style.getPropertyValue('--auth-card-width')).toBe('24rem')
    expect(style.getPropertyValue('--color-primary').trim()).toBe('#7c3aed')
  })

  it('does not inject a <style> element', () => {
    const before = document.querySelectorAll('style').length
    applyTheme(base)
    expect(document.querySelectorAll('style')).toHaveLength(before)
  })

  it('removes variables a previous theme set that the next one lacks', () => {
    applyThemeTokens({ '--only-old': '1px', '--radius': '2px' })
    applyThemeTokens({ '--radius': '4px' })
    expect(root().style.getPropertyValue('--only-old')).toBe('')
    expect(root().style.getPropertyValue('--radius')).toBe('4px')
  })

  it('sets the favicon link and the title suffix', () => {
    applyTheme(base)
    const link = document.head.querySelector<HTMLLinkElement>('link[rel~="icon"]')
    expect(link?.getAttribute('href')).toBe('/assets/favicon.svg')
    expect(link?.type).toBe('image/svg+xml')
    expect(document.title).toBe('Stratum')
    setDocumentTitle('Página não encontrada')
    expect(document.title).toBe('Página não encontrada · Stratum')
  })
})

describe('resolveTheme', () => {
  it('merges a child over its parent', () => {
    const child: ThemeConfig = {
      ...base,
      name: 'acme',
      extends: 'base',
      title: 'Acme',
      variables: { '--color-primary': '#b45309' },
    }
    const themes = new Map([
      ['base', base],
      ['acme', child],
    ])
    const resolved = resolveTheme('acme', themes)
    expect(resolved.title).toBe('Acme')
    expect(resolved.variables).toMatchObject({ '--color-primary': '#b45309', '--radius': '0.5rem' })
  })

  it('names an unknown parent', () => {
    const themes = new Map([['acme', { ...base, name: 'acme', extends: 'nope' }]])
    expect(() => resolveTheme('acme', themes)).toThrow("Theme 'nope' is unknown")
  })
})

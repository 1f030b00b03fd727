import { describe, expect, it } from 'vitest'
import { createAppI18n, installLayerMessages } from './app-i18n.ts'
import { intlPluralRule, localeCurrency } from './locale-formats.ts'

describe('plural rules from Intl.PluralRules', () => {
  it('gives Arabic its six forms (zero, one, two, few, many, other)', () => {
    const rule = intlPluralRule('ar')
    expect([0, 1, 2, 3, 11, 100].map((n) => rule(n, 6))).toEqual([0, 1, 2, 3, 4, 5])
  })

  it('keeps the explicit-zero form the layers use (`none | one | {n} items`)', () => {
    const i18n = createAppI18n('en-US')
    installLayerMessages(i18n, 'demo', {
      'en-US': { items: 'no items | one item | {n} items' },
      ar: { items: 'صفر | واحد | اثنان | قليل | كثير | آخر' },
    })
    const { t } = i18n.global
    expect([0, 1, 5].map((n) => t('demo.items', n))).toEqual(['no items', 'one item', '5 items'])
    i18n.global.locale.value = 'ar'
    expect([0, 1, 2, 5, 11, 100].map((n) => t('demo.items', n))).toEqual([
      'صفر',
      'واحد',
      'اثنان',
      'قليل',
      'كثير',
      'آخر',
    ])
  })
})

describe('number and date formats', () => {
  it('formats currency in the locale’s own currency, or a named one', () => {
    const i18n = createAppI18n('pt-BR', [
      { code: 'pt-BR', name: 'Portuguese', nativeName: 'Português' },
      { code: 'en-US', name: 'English', nativeName: 'English' },
      { code: 'es-ES', name: 'Spanish', nativeName: 'Español' },
    ])
    const { n } = i18n.global
    expect(n(1234.5, 'currency').replace(/\s/g, ' ')).toBe('R$ 1.234,50')
    expect(n(1234.5, 'currencyEUR', 'es-ES').replace(/\s/g, ' ')).toBe('1234,50 €')
    expect(n(1234.5, 'currency', 'en-US')).toBe('$1,234.50')
    expect(n(0.256, 'percent', 'en-US')).toBe('25.6%')
    expect(localeCurrency('ar')).toBe('USD')
  })

  it('gives a locale the server adds at run time its own formats (ar)', async () => {
    const { setLiveLocales } = await import('./app-i18n.ts')
    const i18n = createAppI18n('en-US')
    setLiveLocales(i18n, [
      { code: 'ar-EG', name: 'Arabic (Egypt)', nativeName: 'العربية', rtl: true },
    ])
    const date = new Date(Date.UTC(2026, 0, 2, 12))
    const shown = i18n.global.d(date, 'short', 'ar-EG')
    expect(shown).toBe(
      new Intl.DateTimeFormat('ar-EG', { year: 'numeric', month: 'short', day: 'numeric' }).format(
        date,
      ),
    )
    expect(i18n.global.n(5, 'currency', 'ar-EG')).toContain('ج.م')
  })
})

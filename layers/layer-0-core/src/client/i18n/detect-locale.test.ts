import { afterEach, describe, expect, it } from 'vitest'
import { shallowRef } from 'vue'
import { SHIPPED_LOCALES, type LocaleInfo } from '../../shared/locales.ts'
import { createAppI18n } from './app-i18n.ts'
import {
  detectBrowserLocale,
  detectLocale,
  LOCALE_STORAGE_KEY,
  matchLocale,
} from './detect-locale.ts'
import { directionOf, syncDocumentLocale } from './document-locale.ts'

describe('detectLocale', () => {
  it('prefers a saved, supported choice over the browser', () => {
    expect(detectLocale({ saved: 'es-ES', languages: ['en-US'] })).toBe('es-ES')
  })

  it('ignores a saved value that is not supported', () => {
    expect(detectLocale({ saved: 'fr-FR', languages: ['en-GB'] })).toBe('en-US')
  })

  it('maps bare languages and region variants to the supported locale', () => {
    expect(detectLocale({ languages: ['pt'] })).toBe('pt-BR')
    expect(detectLocale({ languages: ['pt-PT'] })).toBe('pt-BR')
    expect(detectLocale({ languages: ['es'] })).toBe('es-ES')
    expect(detectLocale({ languages: ['es-MX'] })).toBe('es-ES')
    expect(detectLocale({ languages: ['en'] })).toBe('en-US')
    expect(detectLocale({ languages: ['en-gb'] })).toBe('en-US')
  })

  it('walks the browser list in order, skipping unsupported languages', () => {
    expect(detectLocale({ languages: ['fr-FR', 'de', 'es-AR', 'en-US'] })).toBe('es-ES')
  })

  it('falls back to pt-BR when nothing matches', () => {
    expect(detectLocale({ languages: ['fr', 'ja-JP'] })).toBe('pt-BR')
    expect(detectLocale()).toBe('pt-BR')
  })

  it('accepts any live code, saved or from the browser', () => {
    const supported = ['pt-BR', 'en-US', 'es-ES', 'fr-FR']
    expect(detectLocale({ saved: 'fr-FR', languages: ['en-US'], supported })).toBe('fr-FR')
    expect(detectLocale({ languages: ['fr-CA', 'en-US'], supported })).toBe('fr-FR')
  })

  it('prefers an exact region match over the first locale of the language', () => {
    expect(matchLocale('en-US', ['en-US', 'pt-BR'])).toBe('en-US')
    expect(matchLocale('', ['en-US'])).toBeUndefined()
  })
})

describe('browser locale', () => {
  afterEach(() => localStorage.clear())

  it('reads the saved choice from localStorage', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'es-ES')
    expect(detectBrowserLocale()).toBe('es-ES')
  })

  it('takes a saved locale the server added once the live list has it', () => {
    localStorage.setItem(LOCALE_STORAGE_KEY, 'fr-FR')
    expect(detectBrowserLocale()).not.toBe('fr-FR')
    expect(detectBrowserLocale(['pt-BR', 'en-US', 'es-ES', 'fr-FR'])).toBe('fr-FR')
  })

  it('keeps <html lang dir> in step with the locale', async () => {
    const i18n = createAppI18n('en-US')
    const stop = syncDocumentLocale(i18n)
    expect(document.documentElement.lang).toBe('en-US')
    expect(document.documentElement.dir).toBe('ltr')
    i18n.global.locale.value = 'es-ES'
    await Promise.resolve()
    expect(document.documentElement.lang).toBe('es-ES')
    stop()
  })

  it('writes right to left for an rtl locale, as the live list says or by its language', async () => {
    const live = shallowRef<readonly LocaleInfo[]>(SHIPPED_LOCALES)
    const i18n = createAppI18n('en-US')
    const root = document.createElement('html')
    const stop = syncDocumentLocale(i18n, { locales: () => live.value, root })
    i18n.global.locale.value = 'ar-EG'
    await Promise.resolve()
    expect(root.lang).toBe('ar-EG')
    expect(root.dir).toBe('rtl')

    // A locale only a message source knows: its entry decides, even against its language.
    i18n.global.locale.value = 'xx-RT'
    await Promise.resolve()
    expect(root.dir).toBe('ltr')
    live.value = [
      ...SHIPPED_LOCALES,
      { code: 'xx-RT', name: 'Test', nativeName: 'Test', rtl: true },
    ]
    await Promise.resolve()
    expect(root.dir).toBe('rtl')
    stop()
  })

  it('keeps the language’s direction when the live entry does not say', () => {
    expect(directionOf('he-IL', [{ code: 'he-IL', name: 'Hebrew', nativeName: 'עברית' }])).toBe(
      'rtl',
    )
    expect(
      directionOf('ar', [{ code: 'ar', name: 'Arabic', nativeName: 'العربية', rtl: false }]),
    ).toBe('ltr')
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { createAppI18n } from './app-i18n.ts'
import {
  detectBrowserLocale,
  detectLocale,
  LOCALE_STORAGE_KEY,
  matchLocale,
} from './detect-locale.ts'
import { syncDocumentLocale } from './document-locale.ts'

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
})

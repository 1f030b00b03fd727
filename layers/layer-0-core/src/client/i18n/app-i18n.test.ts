import { afterEach, describe, expect, it } from 'vitest'
import { SHIPPED_LOCALES, type LocaleInfo } from '../../shared/locales.ts'
import { defineClientLayer } from '../contract.ts'
import { coreManifest } from '../../shared/manifest-core.ts'
import { createAppI18n, installLayerMessages, setLiveLocales, setLocale } from './app-i18n.ts'
import { LOCALE_STORAGE_KEY } from './detect-locale.ts'

afterEach(() => localStorage.clear())

const messages = {
  'en-US': { greeting: 'Hello', farewell: 'Goodbye', menu: { open: 'Open', close: 'Close' } },
  // Partial: a layer may ship only what is translated so far.
  'pt-BR': { greeting: 'Olá', menu: { open: 'Abrir' } },
  'es-ES': { greeting: 'Hola', farewell: 'Adiós', menu: { open: 'Abrir', close: 'Cerrar' } },
}
const live: LocaleInfo[] = [
  ...SHIPPED_LOCALES,
  { code: 'es-MX', name: 'Spanish (Mexico)', nativeName: 'Español (México)', fallback: 'es-ES' },
  { code: 'fr-FR', name: 'French', nativeName: 'Français' },
]

function i18nIn(locale: string, locales: readonly LocaleInfo[] = live) {
  const i18n = createAppI18n(locale, locales)
  installLayerMessages(i18n, 'demo', messages)
  return i18n
}

describe('app i18n', () => {
  it('starts in pt-BR by default', () => {
    expect(createAppI18n().global.locale.value).toBe('pt-BR')
  })

  it('looks a key missing in a partial locale up in en-US, key by key', () => {
    const { t } = i18nIn('pt-BR').global
    expect(t('demo.greeting')).toBe('Olá')
    expect(t('demo.menu.open')).toBe('Abrir')
    expect(t('demo.farewell')).toBe('Goodbye')
    expect(t('demo.menu.close')).toBe('Close')
  })

  it('follows a locale’s declared fallback before en-US', () => {
    const i18n = i18nIn('es-MX')
    i18n.global.mergeLocaleMessage('es-MX', { demo: { greeting: '¡Qué onda!' } })
    expect(i18n.global.t('demo.greeting')).toBe('¡Qué onda!')
    expect(i18n.global.t('demo.farewell')).toBe('Adiós')
  })

  it('learns a fallback the live list declares after start-up', () => {
    const i18n = i18nIn('es-MX', SHIPPED_LOCALES)
    expect(i18n.global.t('demo.farewell')).toBe('Goodbye')
    setLiveLocales(i18n, live)
    expect(i18n.global.t('demo.farewell')).toBe('Adiós')
  })

  it('installs a layer that ships en-US alone, in every locale through the fallback', async () => {
    const i18n = createAppI18n('fr-FR', live)
    const layer = defineClientLayer({
      manifest: coreManifest,
      routes: [],
      messages: { 'en-US': { title: 'Reports' } },
    })
    installLayerMessages(i18n, 'reports', layer.messages)
    expect(i18n.global.t('reports.title')).toBe('Reports')
    await setLocale(i18n, 'pt-BR')
    expect(i18n.global.t('reports.title')).toBe('Reports')
  })

  it('switches to any live locale and remembers it', async () => {
    const i18n = i18nIn('en-US')
    await setLocale(i18n, 'fr-FR')
    expect(i18n.global.locale.value).toBe('fr-FR')
    expect(localStorage.getItem(LOCALE_STORAGE_KEY)).toBe('fr-FR')
    expect(i18n.global.t('demo.greeting')).toBe('Hello')
  })

  it('loads a lazily shipped locale when the app switches to it, then switches', async () => {
    const i18n = createAppI18n('en-US', live)
    let loads = 0
    const layer = defineClientLayer({
      manifest: coreManifest,
      routes: [],
      messages: {
        'en-US': { title: 'Reports', more: 'More' },
        'es-ES': async () => {
          loads++
          return { title: 'Informes' }
        },
      },
    })
    await installLayerMessages(i18n, 'reports', layer.messages)
    expect(loads).toBe(0)
    const switching = setLocale(i18n, 'es-ES')
    expect(i18n.global.locale.value).toBe('en-US') // not before the messages are in
    await switching
    expect(i18n.global.locale.value).toBe('es-ES')
    expect(i18n.global.t('reports.title')).toBe('Informes')
    expect(i18n.global.t('reports.more')).toBe('More')
    // es-MX falls back to es-ES: already in, not loaded again; a layer installed later loads now.
    await setLocale(i18n, 'es-MX')
    await installLayerMessages(i18n, 'late', {
      'en-US': { title: 'Late' },
      'es-ES': async () => ({ title: 'Tarde' }),
    })
    expect(i18n.global.t('late.title')).toBe('Tarde')
    expect(loads).toBe(1)
  })

  it('checks other locales against en-US: a key en-US lacks fails the type-check', () => {
    defineClientLayer({
      manifest: coreManifest,
      routes: [],
      messages: {
        'en-US': { title: 'Reports', menu: { open: 'Open' } },
        // @ts-expect-error -- `subtitle` is not an en-US key
        'pt-BR': { subtitle: 'Relatórios' },
        // @ts-expect-error -- `menu` is a group in en-US, not a message
        'es-ES': { menu: 'Abrir' },
      },
    })
  })
})

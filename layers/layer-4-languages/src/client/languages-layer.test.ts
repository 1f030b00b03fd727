import { directionOf } from '@stratum/layer-core/client'
import { afterEach, describe, expect, it } from 'vitest'
import { settle, startLanguagesTestApp } from './testing/languages-test-app.ts'

type TestApp = Awaited<ReturnType<typeof startLanguagesTestApp>>
let app: TestApp | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const switcher = () =>
  app!.el.querySelector<HTMLSelectElement>('[data-testid="locale-select"] select')!
function choose(value: string) {
  const select = switcher()
  select.value = value
  select.dispatchEvent(new Event('change'))
}

describe('languages layer: switcher, detection and the saved preference', () => {
  it('is a labelled select listing the live locales by native name, with a decorative flag', async () => {
    app = await startLanguagesTestApp({ userLocale: undefined })
    const root = app.el.querySelector('[data-testid="locale-select"]')!
    const label = root.querySelector('label')!
    expect(label.textContent).toBe('Language')
    expect(label.htmlFor).toBe(switcher().id)
    expect([...switcher().options].map((o) => [o.value, o.lang, o.textContent?.trim()])).toEqual([
      ['pt-BR', 'pt-BR', 'Português (Brasil)'],
      ['en-US', 'en-US', 'English (US)'],
      ['es-ES', 'es-ES', 'Español (España)'],
      ['ar', 'ar', 'العربية'],
    ])
    // The flag says nothing to a screen reader: the option's native name is the text.
    const flag = root.querySelector('.locale-flag')!
    expect(flag.getAttribute('aria-hidden')).toBe('true')
    choose('ar')
    await settle(2)
    expect(root.querySelector('.locale-flag')?.textContent).toBe('SA')
    expect(directionOf('ar', app.layers.locales)).toBe('rtl')
    expect(directionOf('pt-BR', app.layers.locales)).toBe('ltr')
  })

  it('detects a saved choice only the server knows (ar) once the live list arrives', async () => {
    localStorage.setItem('stratum.locale', 'ar')
    app = await startLanguagesTestApp({ userLocale: undefined })
    expect(app.i18n.global.locale.value).toBe('ar')
  })

  it('maps a bare browser language to the live locale (pt → pt-BR) when nothing is saved', async () => {
    const languages = Object.getOwnPropertyDescriptor(Navigator.prototype, 'languages')
    Object.defineProperty(navigator, 'languages', { value: ['pt'], configurable: true })
    try {
      app = await startLanguagesTestApp({ userLocale: undefined })
      expect(app.i18n.global.locale.value).toBe('pt-BR')
    } finally {
      delete (navigator as { languages?: unknown }).languages
      if (languages) Object.defineProperty(Navigator.prototype, 'languages', languages)
    }
  })

  it("applies the signed-in user's saved locale over the device's choice", async () => {
    localStorage.setItem('stratum.locale', 'pt-BR')
    app = await startLanguagesTestApp({ userLocale: 'es-ES' })
    expect(app.i18n.global.locale.value).toBe('es-ES')
    expect(switcher().value).toBe('es-ES')
    expect(localStorage.getItem('stratum.locale')).toBe('es-ES')
    // Applying the saved value is not a change: nothing is sent back.
    expect(app.seen.filter((r) => r.path === '/api/i18n/me/locale')).toEqual([])
  })

  it('saves a switch on the server and in the session (the profile shows the same value)', async () => {
    app = await startLanguagesTestApp({ userLocale: 'en-US' })
    choose('es-ES')
    await settle()
    const puts = app.seen.filter((r) => r.path === '/api/i18n/me/locale')
    expect(puts.map((r) => [r.method, r.body])).toEqual([['PUT', { locale: 'es-ES' }]])
    expect(app.session.user?.locale).toBe('es-ES')
    expect(localStorage.getItem('stratum.locale')).toBe('es-ES')
  })

  it('merges the database wording for the locale, and fetches it again on a switch', async () => {
    app = await startLanguagesTestApp({
      userLocale: undefined,
      bundles: {
        'en-US': { auth: { nav: { account: 'My corner' } } },
        'es-ES': { auth: { nav: { account: 'Mi rincón' } } },
      },
    })
    expect(app.el.querySelector('[data-testid="link"]')?.textContent).toBe('My corner')
    choose('es-ES')
    await settle()
    expect(app.el.querySelector('[data-testid="link"]')?.textContent).toBe('Mi rincón')
    const fetched = app.seen.filter((r) => r.path.startsWith('/api/i18n/translations/'))
    expect(fetched.map((r) => r.path)).toEqual([
      '/api/i18n/translations/en-US',
      '/api/i18n/translations/es-ES',
    ])
  })

  it('undoes itself when switched off for a tenant: compiled wording back, no fetch on a switch', async () => {
    app = await startLanguagesTestApp({
      userLocale: undefined,
      bundles: { 'en-US': { auth: { nav: { account: 'My corner' } } } },
    })
    const link = () => app!.el.querySelector('[data-testid="link"]')?.textContent
    expect(link()).toBe('My corner')
    const dispose = app.disposers.get('languages')
    expect(dispose).toBeTypeOf('function')
    dispose!()
    await settle()
    expect(link()).not.toBe('My corner')
    expect(link()).toBe(app.i18n.global.t('auth.nav.account'))
    const before = app.seen.length
    choose('pt-BR')
    await settle()
    // No bundle fetched, no preference saved by this layer once it is off.
    expect(app.seen.slice(before).filter((r) => r.path.startsWith('/api/i18n/'))).toEqual([])
  })
})

import { describe, expect, it } from 'vitest'
import type { LocaleInfo } from '../../shared/locales.ts'
import { MessageCatalog, type MessageBundle } from './messages.ts'

const compiled = {
  'en-US': { mail: { subject: 'Your {brand} code', footer: 'The {brand} team' } },
  'pt-BR': { mail: { subject: 'Seu código {brand}', footer: 'Equipe {brand}' } },
}

describe('MessageCatalog', () => {
  it('serves compiled messages with placeholders, and the key itself when nothing holds it', async () => {
    const catalog = new MessageCatalog()
    catalog.register('auth', compiled)
    const t = await catalog.translator('pt-BR')
    expect(t('auth.mail.subject', { brand: 'Acme' })).toBe('Seu código Acme')
    expect(t('auth.mail.nothing')).toBe('auth.mail.nothing')
    expect(catalog.locales().map((l) => l.code)).toEqual(['pt-BR', 'en-US', 'es-ES'])
    expect(catalog.hasSources).toBe(false)
  })

  it('lets a source add a locale that falls back key by key, through its fallback, then en-US', async () => {
    const catalog = new MessageCatalog([
      {
        locales: [
          { code: 'pt-PT', name: 'Portuguese', nativeName: 'Português', fallback: 'pt-BR' },
        ],
        messages: { 'pt-PT': { auth: { mail: { subject: 'O seu código {brand}' } } } },
      },
      { locales: [{ code: 'fr-FR', name: 'French', nativeName: 'Français' }] },
    ])
    catalog.register('auth', compiled)
    expect(catalog.has('pt-PT')).toBe(true)
    const pt = await catalog.translator('pt-PT')
    expect(pt('auth.mail.subject', { brand: 'Acme' })).toBe('O seu código Acme')
    expect(pt('auth.mail.footer', { brand: 'Acme' })).toBe('Equipe Acme')
    const fr = await catalog.translator('fr-FR')
    expect(fr('auth.mail.footer', { brand: 'Acme' })).toBe('The Acme team')
  })

  it('applies later sources over earlier ones and loads per tenant scope', async () => {
    const seen: Array<string | undefined> = []
    const catalog = new MessageCatalog([
      { messages: { 'en-US': { auth: { mail: { subject: 'first' } } } } },
      {
        load: (locale, scope): MessageBundle => {
          seen.push(scope.tenantId)
          return scope.tenantId === 't1' ? { auth: { mail: { subject: `tenant ${locale}` } } } : {}
        },
      },
    ])
    catalog.register('auth', compiled)
    expect((await catalog.translator('en-US'))('auth.mail.subject')).toBe('first')
    expect((await catalog.translator('en-US', { tenantId: 't1' }))('auth.mail.subject')).toBe(
      'tenant en-US',
    )
    expect(await catalog.overrides('en-US', { tenantId: 't1' })).toEqual({
      auth: { mail: { subject: 'tenant en-US' } },
    })
    expect(seen).toContain('t1')
  })

  it('refuses the same namespace twice', () => {
    const catalog = new MessageCatalog()
    catalog.register('auth', compiled)
    expect(() => catalog.register('auth', compiled)).toThrow(/registered twice/)
  })
  it('follows a source whose locale list changes at run time, keeping the array until it does', () => {
    let list: LocaleInfo[] = []
    const catalog = new MessageCatalog([
      {
        get locales() {
          return list
        },
      },
    ])
    const first = catalog.locales()
    expect(catalog.locales()).toBe(first)
    expect(catalog.has('ar')).toBe(false)
    list = [{ code: 'ar', name: 'Arabic', nativeName: 'العربية', rtl: true }]
    expect(catalog.has('ar')).toBe(true)
    expect(catalog.locales()).not.toBe(first)
    expect(catalog.locales().map((l) => l.code)).toEqual(['pt-BR', 'en-US', 'es-ES', 'ar'])
  })
})

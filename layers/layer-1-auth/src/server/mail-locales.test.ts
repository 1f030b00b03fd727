import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineServerLayer } from '@stratum/layer-core/server'
import { defineManifest } from '@stratum/layer-core/shared'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import { createAuthHarness, type AuthHarness } from '../../test/auth-harness.ts'
import { authCacheKeys } from './auth-limiter.ts'

/** A fixture layer whose `core.messages` source adds fr-FR with only the mail subject. */
const frenchSource = defineServerLayer({
  manifest: defineManifest({
    id: 'french-messages',
    number: 92,
    priority: 100,
    dependsOn: ['core'],
    version: '0.0.1',
  }),
  contributes: {
    'core.messages': {
      locales: [{ code: 'fr-FR', name: 'French', nativeName: 'Français' }],
      messages: { 'fr-FR': { auth: { mail: { subject: 'Votre code de connexion {brand}' } } } },
    },
  },
  init: () => ({}),
})

let n = 0
const email = (tag: string) => `${tag}-${Date.now()}-${n++}@example.test`

describe.each(TEST_TARGETS)('mail in an open set of locales on %s', (target) => {
  let h: AuthHarness
  beforeAll(async () => {
    h = await createAuthHarness(target, {}, [frenchSource])
  })
  afterAll(() => h?.close())

  const request = (address: string, locale?: string, headers: Record<string, string> = {}) =>
    h.post('/api/auth/request-otp', locale ? { email: address, locale } : { email: address }, {
      headers,
    })

  it('uses a source’s key in a locale it added and en-US for the keys it left out', async () => {
    const address = email('fr')
    expect((await request(address, 'fr-FR')).status).toBe(202)
    const mail = await h.mailTo(address)
    expect(mail.subject).toBe('Votre code de connexion Stratum')
    expect(mail.text.split('\n')[0]).toBe('Hello,')
    expect(mail.text).toContain('Use this code to sign in to Stratum:')
    expect(mail.text).toContain('The Stratum team')
    expect(mail.html).toContain('<html lang="fr-FR">')
  })

  it('matches Accept-Language against the live locales', async () => {
    const address = email('fr-header')
    await request(address, undefined, { 'accept-language': 'fr-CA, en;q=0.5' })
    expect((await h.mailTo(address)).subject).toBe('Votre code de connexion Stratum')
  })

  it('falls back to the default locale for a well-formed code that is not live', async () => {
    const address = email('de')
    expect((await request(address, 'de-DE')).status).toBe(202)
    expect((await h.mailTo(address)).subject).toBe('Seu código de acesso ao Stratum')
    const malformed = await request(email('bad'), 'french')
    expect(malformed.status).toBe(400)
  })

  it('keeps a live stored locale, and reads one that is no longer live as the default', async () => {
    const address = email('stored')
    const code = await h.code(address, undefined, { 'accept-language': 'fr-FR' })
    const res = await h.post(
      '/api/auth/verify-otp',
      { email: address, code },
      { headers: { 'accept-language': 'fr-FR' } },
    )
    const { user, accessToken } = (await res.json()) as {
      user: { id: string; locale: string }
      accessToken: string
    }
    expect(user.locale).toBe('fr-FR')
    const me = async () => {
      const answer = await h.t.request('/api/auth/me', {
        headers: { authorization: `Bearer ${accessToken}` },
      })
      return ((await answer.json()) as { user: { locale: string } }).user.locale
    }
    const mailAsking = async (locale: string) => {
      await h.t.host.platform.cache.delete(...authCacheKeys(address).sendThrottles)
      expect((await request(address, locale)).status).toBe(202)
      return (await h.mailTo(address)).subject
    }
    expect(await me()).toBe('fr-FR')
    expect(await mailAsking('es-ES')).toBe('Votre code de connexion Stratum')

    await h.t.host.platform.database.db
      .updateTable('auth_users')
      .set({ locale: 'de-DE' })
      .where('id', '=', user.id)
      .execute()
    expect(await me()).toBe('pt-BR')
    expect(await mailAsking('es-ES')).toBe('Tu código de acceso a Stratum')
  })
})

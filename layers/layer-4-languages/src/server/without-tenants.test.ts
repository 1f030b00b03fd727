import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHost, signIn, type SignedIn, type TestHost } from '@stratum/host-backend/testing'
import type { ResolvedKey, TranslationResponse } from '../shared/index.ts'

const ADMIN = '/api/admin/languages'

/** The layer with the multitenant layer disabled: global wording only, nothing else breaks. */
describe('languages without the multitenant layer (embedded)', () => {
  let t: TestHost
  let root: SignedIn
  const put = (body: object) =>
    t.request(`${ADMIN}/translations`, {
      method: 'PUT',
      headers: root.headers(undefined, { 'content-type': 'application/json' }),
      body: JSON.stringify(body),
    })

  beforeAll(async () => {
    const email = `root-${Date.now()}@example.test`
    t = await createTestHost({
      target: 'embedded',
      env: { SUPERADMIN_EMAILS: email },
      layersConfig: {
        layers: [
          { name: 'core', enabled: true },
          { name: 'auth', enabled: true, prefix: '/api/auth' },
          { name: 'languages', enabled: true, prefix: '/api/i18n' },
        ],
      },
    })
    root = await signIn(t, email)
  })
  afterAll(() => t?.close())

  it('edits global wording (the sign-in mail here) and refuses a tenant scope', async () => {
    const created = await put({
      locale: 'en-US',
      namespace: 'auth',
      key: 'mail.greeting',
      value: 'Hi there,',
    })
    expect(created.status).toBe(200)
    expect((await created.json()) as TranslationResponse).toMatchObject({
      item: { value: 'Hi there,', version: 1, tenantId: null },
    })
    const key = (await (
      await t.request('/api/i18n/translations/en-US/auth.mail.greeting')
    ).json()) as ResolvedKey
    expect(key).toMatchObject({ value: 'Hi there,', origin: 'global' })
    const tenant = await put({
      locale: 'en-US',
      namespace: 'auth',
      key: 'mail.greeting',
      value: 'x',
      tenant: crypto.randomUUID(),
    })
    expect([tenant.status, ((await tenant.json()) as { code: string }).code]).toEqual([
      400,
      'TENANTS_DISABLED',
    ])
    // Keys of disabled layers are not offered.
    const unknown = await put({
      locale: 'en-US',
      namespace: 'authenticated',
      key: 'nav.clients',
      value: 'x',
    })
    expect(unknown.status).toBe(422)
  })
})

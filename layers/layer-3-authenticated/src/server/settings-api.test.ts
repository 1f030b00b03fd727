import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { AUDIT_PROBE_ENTRY, createAuditProbe, TEST_TARGETS } from '@stratum/host-backend/testing'
import type { Profile, TenantSettings, UserSettings } from '../shared/index.ts'
import { APP_LAYERS, body, createAppWorld, type World } from '../../test/app-harness.ts'

type ErrorBody = {
  code: string
  details?: { permission?: string; fields?: Record<string, string[]> }
}

describe.each(TEST_TARGETS)('profile and settings on %s', (target) => {
  let w: World
  const probe = createAuditProbe()
  const db = () => w.t.host.platform.database.db
  beforeAll(async () => {
    w = await createAppWorld(target, {
      layersConfig: { layers: [...APP_LAYERS.layers, AUDIT_PROBE_ENTRY] },
      extraLayers: [probe.layer],
    })
  })
  afterAll(() => w?.t.close())

  it('reads and changes my name and locale in auth_users, without a tenant', async () => {
    const before = await body<Profile>(await w.json('GET', '/api/app/profile', w.userA))
    expect(before).toMatchObject({ id: w.userA.userId, email: w.userA.email, name: null })
    const patched = await w.json('PATCH', '/api/app/profile', w.userA, undefined, {
      name: '  Ana Souza ',
      locale: 'es-ES',
    })
    expect(await body<Profile>(patched)).toEqual({
      id: w.userA.userId,
      email: w.userA.email,
      name: 'Ana Souza',
      locale: 'es-ES',
    })
    expect(
      await db()
        .selectFrom('auth_users')
        .select(['name', 'locale'])
        .where('id', '=', w.userA.userId)
        .executeTakeFirst(),
    ).toEqual({ name: 'Ana Souza', locale: 'es-ES' })
    expect((await body<Profile>(await w.json('GET', '/api/app/profile', w.userA))).locale).toBe(
      'es-ES',
    )
    // Someone else's profile is untouched.
    expect(
      (await body<Profile>(await w.json('GET', '/api/app/profile', w.viewerA))).name,
    ).toBeNull()

    const bad = await w.json('PATCH', '/api/app/profile', w.userA, undefined, {
      locale: 'fr-FR',
      email: 'new@example.test',
    })
    expect([bad.status, (await body<ErrorBody>(bad)).code]).toEqual([400, 'VALIDATION_FAILED'])
    const badLocale = await w.json('PATCH', '/api/app/profile', w.userA, undefined, {
      locale: 'fr-FR',
    })
    expect(Object.keys((await body<ErrorBody>(badLocale)).details?.fields ?? {})).toEqual([
      'locale',
    ])
    expect((await w.t.request('/api/app/profile')).status).toBe(401)
  })

  it('keeps my preferences server-side, merging each change into what is stored', async () => {
    expect(
      await body<UserSettings>(await w.json('GET', '/api/app/settings/user', w.userA)),
    ).toEqual({
      colorScheme: 'system',
      density: 'comfortable',
      pageSize: 25,
      emailNotifications: true,
    })
    await w.json('PATCH', '/api/app/settings/user', w.userA, undefined, { density: 'compact' })
    const merged = await w.json('PATCH', '/api/app/settings/user', w.userA, undefined, {
      pageSize: 50,
      colorScheme: 'dark',
    })
    expect(await body<UserSettings>(merged)).toEqual({
      colorScheme: 'dark',
      density: 'compact',
      pageSize: 50,
      emailNotifications: true,
    })
    expect(
      await body<UserSettings>(await w.json('GET', '/api/app/settings/user', w.userA)),
    ).toMatchObject({ density: 'compact', pageSize: 50 })
    expect(
      (await body<UserSettings>(await w.json('GET', '/api/app/settings/user', w.viewerA))).density,
    ).toBe('comfortable')
    const row = await db()
      .selectFrom('app_user_settings')
      .select('settings')
      .where('user_id', '=', w.userA.userId)
      .executeTakeFirstOrThrow()
    expect(row.settings).toEqual({ density: 'compact', pageSize: 50, colorScheme: 'dark' })
    const bad = await w.json('PATCH', '/api/app/settings/user', w.userA, undefined, {
      pageSize: 30,
      font: 'Comic',
    })
    expect([
      bad.status,
      Object.keys((await body<ErrorBody>(bad)).details?.fields ?? {}).sort(),
    ]).toEqual([400, ['_root', 'pageSize']])
  })

  it('lets every member read the tenant settings and only settings.manage change them', async () => {
    // Keys other layers keep in tenants.settings survive a change here.
    await w.json('PATCH', `/api/admin/multitenant/tenants/${w.a.id}`, w.superadmin, undefined, {
      settings: { billingPlan: 'pro' },
    })
    const read = await w.json('GET', '/api/app/settings/tenant', w.viewerA, w.a.slug)
    expect(await body<TenantSettings>(read)).toEqual({
      name: 'Tenant A',
      displayName: null,
      theme: null,
      currency: null,
      availableThemes: expect.arrayContaining(['base']),
    })
    const denied = await w.json('PATCH', '/api/app/settings/tenant', w.viewerA, w.a.slug, {
      displayName: 'Nope',
    })
    expect([denied.status, (await body<ErrorBody>(denied)).details?.permission]).toEqual([
      403,
      'settings.manage',
    ])

    // Warm layer 2's tenant cache, so the change below must invalidate it to show.
    expect(
      (
        await body<{ tenant: { theme: string | null } }>(
          await w.json('GET', '/api/tenants/current', w.adminA, w.a.slug),
        )
      ).tenant.theme,
    ).toBeNull()
    const changed = await w.json('PATCH', '/api/app/settings/tenant', w.adminA, w.a.slug, {
      displayName: 'Acme Display',
      theme: 'base',
    })
    expect(await body<TenantSettings>(changed)).toMatchObject({
      name: 'Tenant A',
      displayName: 'Acme Display',
      theme: 'base',
    })
    expect(
      (
        await body<{ tenant: { theme: string | null } }>(
          await w.json('GET', '/api/tenants/current', w.adminA, w.a.slug),
        )
      ).tenant.theme,
    ).toBe('base')
    const row = await db()
      .selectFrom('tenants')
      .select(['settings', 'theme'])
      .where('id', '=', w.a.id)
      .executeTakeFirstOrThrow()
    expect(row).toEqual({
      settings: { billingPlan: 'pro', displayName: 'Acme Display' },
      theme: 'base',
    })

    const unknown = await w.json('PATCH', '/api/app/settings/tenant', w.adminA, w.a.slug, {
      theme: 'no-such-theme',
    })
    expect([unknown.status, await body<ErrorBody>(unknown)]).toEqual([
      400,
      expect.objectContaining({
        code: 'UNKNOWN_THEME',
        details: { fields: { theme: [expect.any(String)] } },
      }),
    ])
    const cleared = await w.json('PATCH', '/api/app/settings/tenant', w.adminA, w.a.slug, {
      displayName: null,
      theme: null,
    })
    expect(await body<TenantSettings>(cleared)).toMatchObject({ displayName: null, theme: null })
    // Tenant B is untouched.
    expect(
      await db()
        .selectFrom('tenants')
        .select(['settings', 'theme'])
        .where('id', '=', w.b.id)
        .executeTakeFirstOrThrow(),
    ).toEqual({ settings: {}, theme: null })
  })

  it('keeps the tenant currency in tenants.settings, audited, per tenant', async () => {
    const settingsOf = async (id: string) =>
      (
        await db()
          .selectFrom('tenants')
          .select('settings')
          .where('id', '=', id)
          .executeTakeFirstOrThrow()
      ).settings
    const currencyOf = async (who: World['adminA'], slug: string) =>
      (await body<TenantSettings>(await w.json('GET', '/api/app/settings/tenant', who, slug)))
        .currency
    const audits = () =>
      probe.records
        .filter((r) => r.action === 'authenticated.tenant_settings.updated')
        .map((r) => [r.tenantId, r.target, r.before, r.after])
    const auditedBefore = audits().length

    const denied = await w.json('PATCH', '/api/app/settings/tenant', w.userA, w.a.slug, {
      currency: 'EUR',
    })
    expect([denied.status, await body<ErrorBody>(denied)]).toEqual([
      403,
      expect.objectContaining({
        code: 'PERMISSION_DENIED',
        details: { permission: 'settings.manage' },
      }),
    ])
    expect(await currencyOf(w.viewerA, w.a.slug)).toBeNull()

    const set = await w.json('PATCH', '/api/app/settings/tenant', w.adminA, w.a.slug, {
      currency: 'EUR',
    })
    expect([set.status, (await body<TenantSettings>(set)).currency]).toEqual([200, 'EUR'])
    // Every member reads it; tenant B keeps the language's own.
    expect(await currencyOf(w.viewerA, w.a.slug)).toBe('EUR')
    expect((await settingsOf(w.a.id)).currency).toBe('EUR')
    expect(await currencyOf(w.adminB, w.b.slug)).toBeNull()
    const b = await w.json('PATCH', '/api/app/settings/tenant', w.adminB, w.b.slug, {
      currency: 'USD',
    })
    expect((await body<TenantSettings>(b)).currency).toBe('USD')
    expect(await currencyOf(w.viewerA, w.a.slug)).toBe('EUR')

    for (const bad of ['JPY', 'eur', '', 42]) {
      const res = await w.json('PATCH', '/api/app/settings/tenant', w.adminA, w.a.slug, {
        currency: bad,
      })
      const error = await body<ErrorBody & Record<string, unknown>>(res)
      expect([res.status, error.code, Object.keys(error.details?.fields ?? {})]).toEqual([
        400,
        'VALIDATION_FAILED',
        ['currency'],
      ])
      expect(error).toEqual(
        expect.objectContaining({
          error: expect.any(String),
          timestamp: expect.any(String),
          requestId: expect.any(String),
        }),
      )
    }
    expect(await currencyOf(w.adminA, w.a.slug)).toBe('EUR')

    const reset = await w.json('PATCH', '/api/app/settings/tenant', w.adminA, w.a.slug, {
      currency: null,
    })
    expect((await body<TenantSettings>(reset)).currency).toBeNull()
    expect(await currencyOf(w.viewerA, w.a.slug)).toBeNull()
    expect(await currencyOf(w.adminB, w.b.slug)).toBe('USD')

    // A value stored by an older build (or by hand) that is no longer offered reads as unset.
    await db()
      .updateTable('tenants')
      .set({ settings: JSON.stringify({ ...(await settingsOf(w.b.id)), currency: 'JPY' }) })
      .where('id', '=', w.b.id)
      .execute()
    expect(await currencyOf(w.adminB, w.b.slug)).toBeNull()

    // Refused changes audit nothing; each change audits only the currency, before and after.
    expect(audits().slice(auditedBefore)).toEqual([
      [w.a.id, { type: 'tenant', id: w.a.id }, { currency: null }, { currency: 'EUR' }],
      [w.b.id, { type: 'tenant', id: w.b.id }, { currency: null }, { currency: 'USD' }],
      [w.a.id, { type: 'tenant', id: w.a.id }, { currency: 'EUR' }, { currency: null }],
    ])
  })
})

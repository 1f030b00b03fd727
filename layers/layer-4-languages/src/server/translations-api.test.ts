import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import type {
  HistoryList,
  I18nLocaleList,
  ResolvedKey,
  TranslationBundle,
  TranslationList,
  TranslationResponse,
} from '../shared/index.ts'
import {
  ADMIN,
  body,
  createLanguagesWorld,
  putValue,
  type World,
} from '../../test/languages-harness.ts'

type ErrorBody = { code: string; details?: Record<string, unknown> }
const CLIENTS = { namespace: 'authenticated', key: 'nav.clients' }
const CAPTION = { namespace: 'authenticated', key: 'clients.caption' }

describe.each(TEST_TARGETS)('languages: values, resolution and concurrency on %s', (target) => {
  let w: World & { probe: Awaited<ReturnType<typeof createLanguagesWorld>>['probe'] }
  const resolved = async (locale: string, key: string, tenant?: string) => {
    const who = w.adminA
    const res = tenant
      ? await w.json('GET', `/api/i18n/translations/${locale}/${key}`, who, tenant)
      : await w.t.request(`/api/i18n/translations/${locale}/${key}`)
    expect(res.status).toBe(200)
    return body<ResolvedKey>(res)
  }

  beforeAll(async () => {
    w = await createLanguagesWorld(target)
  })
  afterAll(() => w?.t.close())

  it('seeds pt-BR (default), en-US and es-ES, and adds a locale at run time', async () => {
    const seeded = await body<I18nLocaleList>(await w.t.request('/api/i18n/locales'))
    expect(seeded.locales.map((l) => [l.code, l.isDefault, l.flag])).toEqual([
      ['pt-BR', true, 'BR'],
      ['en-US', false, 'US'],
      ['es-ES', false, 'ES'],
    ])
    const ar = { code: 'ar', englishName: 'Arabic', nativeName: 'العربية', isRtl: true, flag: 'SA' }
    expect((await w.json('POST', `${ADMIN}/locales`, w.adminA, undefined, ar)).status).toBe(403)
    const created = await w.json('POST', `${ADMIN}/locales`, w.superadmin, undefined, ar)
    expect(created.status).toBe(201)
    expect(await body(created)).toMatchObject({ code: 'ar', isRtl: true, isActive: true })
    const again = await w.json('POST', `${ADMIN}/locales`, w.superadmin, undefined, ar)
    expect([again.status, (await body<ErrorBody>(again)).code]).toEqual([409, 'LOCALE_EXISTS'])
    const live = await body<I18nLocaleList>(await w.t.request('/api/i18n/locales'))
    expect(live.locales.map((l) => l.code)).toContain('ar')
    // Core's catalog follows without a restart: the SPA's locale list and mail locales.
    const layers = await body<{ locales: { code: string }[] }>(
      await w.t.request('/api/core/layers'),
    )
    expect(layers.locales.map((l) => l.code)).toContain('ar')
    const removeDefault = await w.json('DELETE', `${ADMIN}/locales/pt-BR`, w.superadmin)
    expect([removeDefault.status, (await body<ErrorBody>(removeDefault)).code]).toEqual([
      409,
      'LOCALE_PROTECTED',
    ])
  })

  it('resolves tenant → global → compiled → fallback → en-US', async () => {
    expect(await resolved('pt-BR', 'authenticated.nav.clients')).toEqual({
      locale: 'pt-BR',
      key: 'authenticated.nav.clients',
      value: 'Clientes',
      origin: 'compiled',
    })
    // `ar` has no compiled messages: en-US at the end of the chain.
    expect(await resolved('ar', 'authenticated.nav.clients')).toMatchObject({
      value: 'Clients',
      origin: 'fallback',
    })
    const global = await putValue(w, w.superadmin, {
      locale: 'pt-BR',
      ...CLIENTS,
      value: 'Fregueses',
    })
    expect(global.status).toBe(200)
    expect(await resolved('pt-BR', 'authenticated.nav.clients')).toMatchObject({
      value: 'Fregueses',
      origin: 'global',
    })
    // Core's message overrides follow the database too (the catalog's source).
    const core = await body<{ messages: Record<string, unknown> }>(
      await w.t.request('/api/core/messages/pt-BR'),
    )
    expect(core.messages).toMatchObject({ authenticated: { nav: { clients: 'Fregueses' } } })
    expect((await w.t.request('/api/core/messages/ar')).status).toBe(200)
    const tenant = await putValue(w, w.adminA, {
      locale: 'pt-BR',
      ...CLIENTS,
      value: 'Pacientes',
      tenant: w.a.id,
    })
    expect(tenant.status).toBe(200)
    expect(await resolved('pt-BR', 'authenticated.nav.clients', w.a.id)).toMatchObject({
      value: 'Pacientes',
      origin: 'tenant',
    })
    // Tenant A's wording never reaches tenant B, nor anonymous callers.
    expect(
      await body<ResolvedKey>(
        await w.json(
          'GET',
          '/api/i18n/translations/pt-BR/authenticated.nav.clients',
          w.adminB,
          w.b.id,
        ),
      ),
    ).toMatchObject({ value: 'Fregueses', origin: 'global' })
    // A global en-US edit shows in `ar` (which falls back to en-US) but never hides compiled pt-BR.
    await putValue(w, w.superadmin, { locale: 'en-US', ...CLIENTS, value: 'Customers' })
    expect(await resolved('ar', 'authenticated.nav.clients')).toMatchObject({
      value: 'Customers',
      origin: 'fallback',
    })
    const es = await body<TranslationBundle>(await w.t.request('/api/i18n/translations/es-ES'))
    expect(JSON.stringify(es.messages)).not.toContain('Customers')
    const arBundle = await body<TranslationBundle>(await w.t.request('/api/i18n/translations/ar'))
    expect(arBundle.messages).toMatchObject({ authenticated: { nav: { clients: 'Customers' } } })

    const bundleA = await body<TranslationBundle>(
      await w.json('GET', '/api/i18n/translations/pt-BR', w.adminA, w.a.id),
    )
    expect(bundleA.messages).toEqual({ authenticated: { nav: { clients: 'Pacientes' } } })
    const bundleB = await body<TranslationBundle>(
      await w.json('GET', '/api/i18n/translations/pt-BR', w.adminB, w.b.id),
    )
    expect(bundleB.messages).toEqual({ authenticated: { nav: { clients: 'Fregueses' } } })
    // Naming a tenant one does not belong to is refused, not silently served.
    const foreign = await w.json('GET', '/api/i18n/translations/pt-BR', w.adminB, w.a.id)
    expect(foreign.status).toBe(403)
  })

  it('answers 304 to a matching If-None-Match and a new ETag after a change', async () => {
    const first = await w.t.request('/api/i18n/translations/pt-BR?namespace=authenticated')
    const etag = first.headers.get('etag')!
    expect(etag).toMatch(/^"[\w-]+"$/)
    const again = await w.t.request('/api/i18n/translations/pt-BR?namespace=authenticated', {
      headers: { 'if-none-match': etag },
    })
    expect(again.status).toBe(304)
    const current = await body<TranslationList>(
      await w.json(
        'GET',
        `${ADMIN}/translations?locale=pt-BR&namespace=authenticated&q=nav.clients`,
        w.superadmin,
      ),
    )
    const row = current.items.find((i) => i.key === 'nav.clients')!
    expect(row).toMatchObject({ value: 'Fregueses', source: 'Clients', compiled: 'Clientes' })
    await putValue(w, w.superadmin, {
      locale: 'pt-BR',
      ...CLIENTS,
      value: 'Clientela',
      version: row.version,
    })
    const changed = await w.t.request('/api/i18n/translations/pt-BR?namespace=authenticated', {
      headers: { 'if-none-match': etag },
    })
    expect(changed.status).toBe(200)
    expect(changed.headers.get('etag')).not.toBe(etag)
    expect(await body<TranslationBundle>(changed)).toMatchObject({
      messages: { authenticated: { nav: { clients: 'Clientela' } } },
    })
  })

  it('lets one of two editors of the same version win; the other gets 409 with the current row', async () => {
    const created = await body<TranslationResponse>(
      await putValue(w, w.superadmin, {
        locale: 'es-ES',
        ...CAPTION,
        value: 'Clientes de {tenant}!',
      }),
    )
    expect(created.item).toMatchObject({ version: 1, tenantId: null })
    const [one, two] = await Promise.all([
      putValue(w, w.superadmin, { locale: 'es-ES', ...CAPTION, value: 'Uno {tenant}', version: 1 }),
      putValue(w, w.superadmin, { locale: 'es-ES', ...CAPTION, value: 'Dos {tenant}', version: 1 }),
    ])
    const statuses = [one.status, two.status].sort()
    expect(statuses).toEqual([200, 409])
    const loser = one.status === 409 ? one : two
    const winner = one.status === 409 ? two : one
    const won = await body<TranslationResponse>(winner)
    const lost = await body<ErrorBody>(loser)
    expect(lost.code).toBe('TRANSLATION_VERSION_CONFLICT')
    expect(lost.details?.current).toMatchObject({ version: 2, value: won.item.value })
    // Creating what exists is a conflict too.
    const recreate = await putValue(w, w.superadmin, {
      locale: 'es-ES',
      ...CAPTION,
      value: 'x {tenant}',
    })
    expect(recreate.status).toBe(409)

    const id = created.item.id!
    const history = await body<HistoryList>(
      await w.json('GET', `${ADMIN}/translations/${id}/history`, w.superadmin),
    )
    expect(history.items.map((h) => [h.version, h.oldValue, h.newValue, h.source])).toEqual([
      [2, 'Clientes de {tenant}!', won.item.value, 'console'],
      [1, null, 'Clientes de {tenant}!', 'console'],
    ])
    const audited = w.probe.records.filter((r) => r.target?.id === id)
    expect(
      audited.map((r) => [r.action, r.before?.value, r.after?.value, r.inTransaction]),
    ).toEqual([
      ['languages.translation.created', undefined, 'Clientes de {tenant}!', true],
      ['languages.translation.updated', 'Clientes de {tenant}!', won.item.value, true],
    ])

    const rolled = await w.json(
      'POST',
      `${ADMIN}/translations/${id}/rollback`,
      w.superadmin,
      undefined,
      {
        version: 1,
      },
    )
    expect(rolled.status).toBe(200)
    expect((await body<TranslationResponse>(rolled)).item).toMatchObject({
      value: 'Clientes de {tenant}!',
      version: 3,
    })
    const after = await body<HistoryList>(
      await w.json('GET', `${ADMIN}/translations/${id}/history`, w.superadmin),
    )
    expect(after.items[0]).toMatchObject({
      version: 3,
      source: 'rollback',
      newValue: 'Clientes de {tenant}!',
    })
    const unknown = await w.json(
      'POST',
      `${ADMIN}/translations/${id}/rollback`,
      w.superadmin,
      undefined,
      {
        version: 99,
      },
    )
    expect((await body<ErrorBody>(unknown)).code).toBe('TRANSLATION_VERSION_NOT_FOUND')

    const stale = await w.json('DELETE', `${ADMIN}/translations/${id}?version=2`, w.superadmin)
    expect(stale.status).toBe(409)
    expect(
      (await w.json('DELETE', `${ADMIN}/translations/${id}?version=3`, w.superadmin)).status,
    ).toBe(204)
    expect(await resolved('es-ES', 'authenticated.clients.caption')).toMatchObject({
      origin: 'compiled',
    })
  })

  it('refuses placeholder and plural mismatches and unknown keys with 422', async () => {
    const lacks = await putValue(w, w.superadmin, {
      locale: 'es-ES',
      ...CAPTION,
      value: 'Clientes',
    })
    expect([lacks.status, (await body<ErrorBody>(lacks)).details]).toEqual([
      422,
      expect.objectContaining({ reason: 'PLACEHOLDER_MISMATCH', missing: ['tenant'] }),
    ])
    const plural = await putValue(w, w.superadmin, {
      locale: 'es-ES',
      namespace: 'core',
      key: 'mailbox.count',
      value: '{count} mensajes',
    })
    expect((await body<ErrorBody>(plural)).details).toMatchObject({ reason: 'PLURAL_MISMATCH' })
    // Arabic may use its six plural forms.
    const arabic = await putValue(w, w.superadmin, {
      locale: 'ar',
      namespace: 'core',
      key: 'mailbox.count',
      value: 'لا رسائل | رسالة | رسالتان | {count} رسائل | {count} رسالة | {count} رسالة',
    })
    expect(arabic.status).toBe(200)
    const unknown = await putValue(w, w.superadmin, {
      locale: 'es-ES',
      namespace: 'authenticated',
      key: 'no.such',
      value: 'x',
    })
    expect([unknown.status, (await body<ErrorBody>(unknown)).code]).toEqual([
      422,
      'TRANSLATION_KEY_UNKNOWN',
    ])
  })

  it('keeps tenants apart in the admin API and in the database', async () => {
    // A plain user, another tenant's admin, and a mismatched scope are all refused.
    const asUser = await putValue(w, w.userA, {
      locale: 'pt-BR',
      ...CLIENTS,
      value: 'X',
      tenant: w.a.id,
    })
    expect([asUser.status, (await body<ErrorBody>(asUser)).details?.permission]).toEqual([
      403,
      'i18n.tenant-manage',
    ])
    const asB = await putValue(w, w.adminB, {
      locale: 'pt-BR',
      ...CLIENTS,
      value: 'X',
      tenant: w.a.id,
    })
    expect(asB.status).toBe(403)
    const mismatch = await w.json('PUT', `${ADMIN}/translations`, w.adminA, w.a.id, {
      locale: 'pt-BR',
      ...CLIENTS,
      value: 'X',
      tenant: w.b.id,
    })
    expect((await body<ErrorBody>(mismatch)).code).toBe('TENANT_MISMATCH')
    const globalByAdmin = await putValue(w, w.adminA, { locale: 'pt-BR', ...CLIENTS, value: 'X' })
    expect([
      globalByAdmin.status,
      (await body<ErrorBody>(globalByAdmin)).details?.permission,
    ]).toEqual([403, 'i18n.manage'])
    const listB = await body<TranslationList>(
      await w.json(
        'GET',
        `${ADMIN}/translations?locale=pt-BR&tenant=${w.b.id}&namespace=authenticated&q=nav.clients`,
        w.adminB,
        w.b.id,
      ),
    )
    expect(listB.items.find((i) => i.key === 'nav.clients')?.value).toBeNull()

    // Row-level security: tenant B's transaction sees global rows and none of A's, and cannot
    // write a global row.
    const database = w.t.host.platform.database
    const seen = await database.withSettings({ 'app.tenant_id': w.b.id }, (trx) =>
      sql<{ tenant_id: string | null }>`select tenant_id from i18n_translations`.execute(trx),
    )
    expect(seen.rows.length).toBeGreaterThan(0)
    expect(seen.rows.every((r) => r.tenant_id === null)).toBe(true)
    await expect(
      database.withSettings({ 'app.tenant_id': w.b.id }, (trx) =>
        sql`update i18n_translations set value = 'hacked' where tenant_id is null returning id`.execute(
          trx,
        ),
      ),
    ).resolves.toMatchObject({ rows: [] })
    await expect(
      database.withSettings({ 'app.tenant_id': w.b.id, 'app.i18n_scope': 'global' }, (trx) =>
        sql`insert into i18n_translations (tenant_id, locale, namespace, key, value) values (null, 'pt-BR', 'authenticated', 'nav.projects', 'x')`.execute(
          trx,
        ),
      ),
    ).rejects.toThrow(/row-level security/)
    await expect(
      database.withSettings({ 'app.tenant_id': w.b.id }, (trx) =>
        sql`insert into i18n_translations (tenant_id, locale, namespace, key, value) values (${w.a.id}, 'pt-BR', 'authenticated', 'nav.projects', 'x')`.execute(
          trx,
        ),
      ),
    ).rejects.toThrow(/row-level security/)
  })

  it('saves my locale in auth_users.locale, and mails the sign-in code in it with database wording', async () => {
    const saved = await w.json('PUT', '/api/i18n/me/locale', w.viewerA, undefined, {
      locale: 'es-ES',
    })
    expect(await body(saved)).toEqual({ locale: 'es-ES' })
    const db = w.t.host.platform.database.db
    const stored = await db
      .selectFrom('auth_users')
      .select('locale')
      .where('id', '=', w.viewerA.userId)
      .executeTakeFirst()
    expect(stored).toEqual({ locale: 'es-ES' })
    const inactive = await w.json('PUT', '/api/i18n/me/locale', w.viewerA, undefined, {
      locale: 'fr-FR',
    })
    expect([inactive.status, (await body<ErrorBody>(inactive)).code]).toEqual([
      404,
      'LOCALE_NOT_FOUND',
    ])

    const subject = await putValue(w, w.superadmin, {
      locale: 'es-ES',
      namespace: 'auth',
      key: 'mail.subject',
      value: 'Tu código para {brand} (editado)',
    })
    expect(subject.status).toBe(200)
    // A user whose saved locale is es-ES, asking for a code with an English browser.
    const email = `mail-${Date.now()}@example.test`
    await db.insertInto('auth_users').values({ email, locale: 'es-ES' }).execute()
    const res = await w.t.request(
      '/api/auth/request-otp',
      {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'accept-language': 'en-US' },
        body: JSON.stringify({ email }),
      },
      '10.250.0.1',
    )
    expect(res.status).toBe(202)
    // The code mail is sent by a job worker once the request committed.
    await w.t.host.platform.jobs.whenIdle()
    const mail = w.t.host.platform.mail.mailbox!.list().find((m) => m.to === email)
    expect(mail?.subject).toMatch(/^Tu código para .+ \(editado\)$/)
    // The rest of the mail is the compiled es-ES text.
    expect(mail?.text).toContain('Usa este código')
  })
  it("mails an invite in the recipient's saved locale, with the inviting tenant's wording only", async () => {
    const override = await putValue(w, w.adminA, {
      locale: 'es-ES',
      namespace: 'multitenant',
      key: 'inviteMail.subject',
      value: 'Únete a {tenant}, con la marca de A',
      tenant: w.a.id,
    })
    expect(override.status).toBe(200)
    const db = w.t.host.platform.database.db
    const invite = async (tenant: { slug: string }, admin: typeof w.adminA) => {
      const email = `invitee-${Date.now()}-${Math.random().toString(36).slice(2)}@example.test`
      await db.insertInto('auth_users').values({ email, locale: 'es-ES' }).execute()
      const roles = await body<{ roles: Array<{ id: string; key: string }> }>(
        await w.json('GET', '/api/tenants/roles', admin, tenant.slug),
      )
      const res = await w.json('POST', '/api/tenants/invites', admin, tenant.slug, {
        email,
        roleId: roles.roles.find((r) => r.key === 'viewer')!.id,
      })
      expect(res.status).toBe(201)
      await w.t.host.platform.jobs.whenIdle()
      return w.t.host.platform.mail.mailbox!.list().find((m) => m.to === email)!
    }
    const fromA = await invite(w.a, w.adminA)
    expect(fromA.subject).toBe('Únete a Tenant A, con la marca de A')
    expect(fromA.text).toContain('Te han invitado a unirte a Tenant A')
    expect(fromA.html).toContain('<strong>Tenant A</strong>')
    const fromB = await invite(w.b, w.adminB)
    expect(fromB.subject).toBe('Te han invitado a Tenant B')
  })
  it('changes and removes a run-time locale; removing it removes its values in every tenant', async () => {
    const fr = { code: 'fr-CA', englishName: 'French (Canada)', nativeName: 'Français', flag: 'CA' }
    expect((await w.json('POST', `${ADMIN}/locales`, w.superadmin, undefined, fr)).status).toBe(201)
    const patched = await w.json('PATCH', `${ADMIN}/locales/fr-CA`, w.superadmin, undefined, {
      fallback: 'es-ES',
      nativeName: 'Français (Canada)',
    })
    expect(await body(patched)).toMatchObject({
      fallback: 'es-ES',
      nativeName: 'Français (Canada)',
    })
    // es-ES compiled text through the fallback.
    expect(await resolved('fr-CA', 'authenticated.nav.clients')).toMatchObject({
      value: 'Clientes',
      origin: 'fallback',
    })
    const selfFallback = await w.json('PATCH', `${ADMIN}/locales/fr-CA`, w.superadmin, undefined, {
      fallback: 'fr-CA',
    })
    expect((await body<ErrorBody>(selfFallback)).code).toBe('LOCALE_FALLBACK_INVALID')
    const offEn = await w.json('PATCH', `${ADMIN}/locales/en-US`, w.superadmin, undefined, {
      isActive: false,
    })
    expect((await body<ErrorBody>(offEn)).code).toBe('LOCALE_PROTECTED')
    expect(
      (
        await putValue(w, w.adminA, {
          locale: 'fr-CA',
          ...CLIENTS,
          value: 'Patients',
          tenant: w.a.id,
        })
      ).status,
    ).toBe(200)
    const off = await w.json('PATCH', `${ADMIN}/locales/fr-CA`, w.superadmin, undefined, {
      isActive: false,
    })
    expect(off.status).toBe(200)
    const live = await body<I18nLocaleList>(await w.t.request('/api/i18n/locales'))
    expect(live.locales.map((l) => l.code)).not.toContain('fr-CA')
    expect((await w.t.request('/api/i18n/translations/fr-CA')).status).toBe(404)

    expect((await w.json('DELETE', `${ADMIN}/locales/fr-CA`, w.superadmin)).status).toBe(204)
    const left = await w.t.host.platform.database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      sql<{
        n: number
      }>`select count(*)::int as n from i18n_translations where locale = 'fr-CA'`.execute(trx),
    )
    expect(left.rows[0]?.n).toBe(0)
    expect(w.probe.records.filter((r) => r.target?.id === 'fr-CA').map((r) => r.action)).toEqual([
      'languages.locale.created',
      'languages.locale.updated',
      'languages.locale.updated',
      'languages.locale.deleted',
    ])
  })
})

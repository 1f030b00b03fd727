import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { themedSender } from '@stratum/layer-core/server'
import { createWorld, uniqueEmail, type World } from '../../test/tenancy-harness.ts'
import type { MultitenantDatabase } from './tables.ts'

const DEFAULT_FROM = 'Stratum <no-reply@stratum.localhost>'
const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T

describe('themedSender', () => {
  const theme = { name: 'x', title: 'X', logoFile: undefined }
  it('puts the theme’s sender name on MAIL_FROM’s address, and keeps MAIL_FROM without one', () => {
    expect(themedSender(DEFAULT_FROM, { ...theme, senderName: 'Client A' })).toBe(
      '"Client A" <no-reply@stratum.localhost>',
    )
    expect(themedSender('ops@example.test', { ...theme, senderName: 'Ops' })).toBe(
      '"Ops" <ops@example.test>',
    )
    expect(themedSender(DEFAULT_FROM, theme)).toBe(DEFAULT_FROM)
    // A name cannot break out of the header.
    expect(themedSender(DEFAULT_FROM, { ...theme, senderName: 'Evil"\r\nBcc: <x@y>' })).toBe(
      '"EvilBcc: x@y" <no-reply@stratum.localhost>',
    )
  })
})

describe('mails in the tenant’s brand', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld('postgres')
  })
  afterAll(() => w?.t.close())
  const mailTo = (email: string) =>
    w.t.host.platform.mail.mailbox!.list().find((m) => m.to === email)!

  it('sends the invite in the tenant theme’s name, logo and colour, in the recipient’s language', async () => {
    const database = w.t.host.platform.database
    await database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      (trx as Kysely<MultitenantDatabase>)
        .updateTable('tenants')
        .set({ theme: 'client-a' })
        .where('id', '=', w.a.id)
        .execute(),
    )
    await w.t.host.platform.services.get('multitenant.tenantDb').invalidate({ id: w.a.id })
    // A recipient who already has an account reading Portuguese.
    const invitee = uniqueEmail('branded')
    await database.db
      .insertInto('auth_users' as never)
      .values({ email: invitee, locale: 'pt-BR' } as never)
      .execute()
    const roles = (
      await body<{ roles: Array<{ id: string; key: string }> }>(
        await w.json('GET', '/api/tenants/roles', w.adminA, w.a.slug),
      )
    ).roles
    const created = await w.json('POST', '/api/tenants/invites', w.adminA, w.a.slug, {
      email: invitee,
      roleId: roles.find((r) => r.key === 'viewer')!.id,
    })
    expect(created.status).toBe(201)
    await w.t.host.platform.jobs.whenIdle()
    const mail = mailTo(invitee)
    expect(mail.from).toBe('"Client A" <no-reply@stratum.localhost>')
    expect(mail.subject).toBe('Você foi convidado para Tenant A')
    expect(mail.text).toContain('Você foi convidado para participar de Tenant A como Leitor.')
    expect(mail.text).toContain(`O convite foi enviado por ${w.adminA.email}.`)
    expect(mail.html).toContain('<html lang="pt-BR">')
    expect(mail.html).toContain('border-top:6px solid #0f766e')
    expect(mail.html).toContain('<img src="cid:logo" alt="Client A"')
    expect(mail.html).toContain('<strong>Tenant A</strong>')
    expect(mail.attachments?.map((a) => [a.cid, a.contentType])).toEqual([
      ['logo', 'image/svg+xml'],
    ])
  })

  it('writes a new user’s invite in the inviter’s UI language, and a known user’s in their own', async () => {
    const roles = (
      await body<{ roles: Array<{ id: string; key: string }> }>(
        await w.json('GET', '/api/tenants/roles', w.adminA, w.a.slug),
      )
    ).roles
    const roleId = roles.find((r) => r.key === 'user')!.id
    const invite = async (locale?: string) => {
      const email = uniqueEmail(`invite-${(locale ?? 'none').toLowerCase()}`)
      const res = await w.json('POST', '/api/tenants/invites', w.adminA, w.a.slug, {
        email,
        roleId,
        ...(locale ? { locale } : {}),
      })
      expect(res.status).toBe(201)
      return email
    }
    const portuguese = await invite('pt-BR')
    const english = await invite('en-US')
    const unsaid = await invite()
    // A known user keeps the language they saved, whatever the inviter reads.
    const known = uniqueEmail('known-es')
    await w.t.host.platform.database.db
      .insertInto('auth_users' as never)
      .values({ email: known, locale: 'es-ES' } as never)
      .execute()
    expect(
      (
        await w.json('POST', '/api/tenants/invites', w.adminA, w.a.slug, {
          email: known,
          roleId,
          locale: 'pt-BR',
        })
      ).status,
    ).toBe(201)
    // A locale that is not one is refused, not silently ignored.
    const bad = await w.json('POST', '/api/tenants/invites', w.adminA, w.a.slug, {
      email: uniqueEmail('bad-locale'),
      roleId,
      locale: 'pt_BR<script>',
    })
    expect(bad.status).toBe(400)
    await w.t.host.platform.jobs.whenIdle()
    expect(mailTo(portuguese).subject).toBe('Você foi convidado para Tenant A')
    expect(mailTo(portuguese).text).toContain('como Usuário.')
    expect(mailTo(english).text).toContain('You have been invited to join Tenant A as User.')
    expect(mailTo(english).text).toContain(`The invitation comes from ${w.adminA.email}.`)
    expect(mailTo(english).html).toContain(`<p>The invitation comes from ${w.adminA.email}.</p>`)
    expect(mailTo(unsaid).subject).toBe('You are invited to Tenant A')
    expect(mailTo(known).subject).toBe('Te han invitado a Tenant A')
    expect(mailTo(known).text).toContain(`La invitación viene de ${w.adminA.email}.`)
  })

  it('signs the sign-in mail of a themed host with that theme, and the bare host as Stratum', async () => {
    const request = async (email: string, host: string) => {
      const res = await w.t.request(`http://${host}/api/auth/request-otp`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', host },
        body: JSON.stringify({ email }),
      })
      expect(res.status).toBe(202)
    }
    const themed = uniqueEmail('otp-a')
    const plain = uniqueEmail('otp-base')
    await request(themed, 'client-a.localhost')
    await request(plain, 'localhost')
    await w.t.host.platform.jobs.whenIdle()
    expect(mailTo(themed).from).toBe('"Client A" <no-reply@stratum.localhost>')
    expect(mailTo(themed).html).toContain('color:#0f766e')
    expect(mailTo(plain).from).toBe(DEFAULT_FROM)
    expect(mailTo(plain).html).toContain('border-top:6px solid #1d4ed8')
  })
})

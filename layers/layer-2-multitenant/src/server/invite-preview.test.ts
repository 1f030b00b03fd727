import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn } from '@stratum/host-backend/testing'
import { createWorld, uniqueEmail, type World } from '../../test/tenancy-harness.ts'

const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T

describe('invite preview', () => {
  let w: World
  beforeAll(async () => {
    w = await createWorld('postgres')
  })
  afterAll(() => w?.t.close())

  it('names the tenant, the role and the inviter to the invited address only, until accepted', async () => {
    await w.t.host.platform.database.db
      .updateTable('auth_users' as never)
      .set({ name: 'Ana Admin' } as never)
      .where('id' as never, '=', w.adminA.userId as never)
      .execute()
    const roles = (
      await body<{ roles: Array<{ id: string; key: string }> }>(
        await w.json('GET', '/api/tenants/roles', w.adminA, w.a.slug),
      )
    ).roles
    const invitee = uniqueEmail('preview')
    const created = await w.json('POST', '/api/tenants/invites', w.adminA, w.a.slug, {
      email: invitee,
      roleId: roles.find((r) => r.key === 'user')!.id,
    })
    expect(created.status).toBe(201)
    await w.t.host.platform.jobs.whenIdle()
    const mail = w.t.host.platform.mail.mailbox!.list().find((m) => m.to === invitee)!
    const token = /\/invites\/accept#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!

    const stranger = await signIn(w.t, uniqueEmail('stranger'))
    const refused = await w.json('POST', '/api/tenants/invites/preview', stranger, undefined, {
      token,
    })
    expect([refused.status, (await body(refused)).code]).toEqual([404, 'INVITE_NOT_FOUND'])

    const invited = await signIn(w.t, invitee)
    const preview = await w.json('POST', '/api/tenants/invites/preview', invited, undefined, {
      token,
    })
    expect(preview.status).toBe(200)
    expect(await body(preview)).toEqual({
      tenant: { id: w.a.id, slug: w.a.slug, name: 'Tenant A' },
      role: { id: expect.any(String), key: 'user', name: 'User' },
      inviter: { name: 'Ana Admin', email: w.adminA.email },
      expiresAt: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    })
    // Previewing joins nothing.
    expect((await w.json('GET', '/api/tenants/current', invited, w.a.slug)).status).toBe(403)
    const accepted = await w.json('POST', '/api/tenants/invites/accept', invited, undefined, {
      token,
    })
    expect(accepted.status).toBe(200)
    const after = await w.json('POST', '/api/tenants/invites/preview', invited, undefined, {
      token,
    })
    expect(after.status).toBe(404)
    const malformed = await w.json('POST', '/api/tenants/invites/preview', invited, undefined, {
      token: 'short',
    })
    expect([malformed.status, (await body(malformed)).code]).toEqual([400, 'VALIDATION_FAILED'])
  })
})

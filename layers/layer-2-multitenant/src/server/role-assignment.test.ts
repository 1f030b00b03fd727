import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, TEST_TARGETS, type SignedIn } from '@stratum/host-backend/testing'
import { createWorld, uniqueEmail, type World } from '../../test/tenancy-harness.ts'
import { createTenant } from './tenant-service.ts'

const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T
const answer = async (res: Response) => {
  const json = await body<{ code?: string; details?: { permission?: string } }>(res)
  return [res.status, json.code, json.details?.permission]
}

/**
 * Handing out roles: nobody gives a role (member change, invite, invite acceptance) holding a
 * permission they lack, nobody changes their own role, and a tenant keeps an account admin.
 */
describe.each(TEST_TARGETS)('role assignment on %s', (target) => {
  let w: World
  /** Holds user.view, user.manage and user.invite only. */
  let manager: SignedIn
  const roleIds: Record<string, string> = {}

  /** A fresh tenant with the given members (key: role key), so each case starts clean. */
  async function tenantWith(members: Array<[SignedIn, string]>) {
    const tenant = await createTenant(w.t.host.platform.database, {
      name: 'Fresh',
      slug: `fresh-${Date.now()}-${Math.floor(Math.random() * 1e6)}`,
    })
    for (const [who, role] of members) await w.addTo(tenant, who, role)
    const roles = await body<{ roles: Array<{ id: string; key: string }> }>(
      await w.json('GET', '/api/tenants/roles', w.superadmin, tenant.slug),
    )
    const ids = Object.fromEntries(roles.roles.map((r) => [r.key, r.id]))
    return { ...tenant, ids }
  }
  const roleOf = async (who: SignedIn, tenant: string) => {
    const res = await w.json('GET', '/api/tenants/current', who, tenant)
    return res.status === 200 ? (await body<{ role: { key: string } }>(res)).role.key : res.status
  }
  const invite = (who: SignedIn, tenant: string, email: string, roleId: string) =>
    w.json('POST', '/api/tenants/invites', who, tenant, { email, roleId })
  const tokenMailedTo = async (email: string) => {
    // Invite mails are sent by a job worker once the request committed.
    await w.t.host.platform.jobs.whenIdle()
    // Newest first.
    const mail = w.t.host.platform.mail.mailbox!.list().find((m) => m.to === email)
    return mail && /#token=([A-Za-z0-9_-]+)/.exec(mail.text)?.[1]
  }
  const accept = (who: SignedIn, token: string) =>
    w.json('POST', '/api/tenants/invites/accept', who, undefined, { token })

  beforeAll(async () => {
    w = await createWorld(target)
    const roles = await body<{ roles: Array<{ id: string; key: string }> }>(
      await w.json('GET', '/api/tenants/roles', w.adminA, w.a.slug),
    )
    for (const r of roles.roles) roleIds[r.key] = r.id
    for (const [key, permissions] of [
      ['member-manager', ['user.view', 'user.manage', 'user.invite']],
      ['member-viewer', ['user.view']],
    ] as const) {
      const created = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
        key,
        name: key,
        permissions,
      })
      roleIds[key] = (await body<{ id: string }>(created)).id
    }
    manager = await signIn(w.t, uniqueEmail('manager'))
    await w.addTo(w.a, manager, 'member-manager')
  })
  afterAll(() => w?.t.close())

  it('refuses to give a member a role holding a permission the actor lacks', async () => {
    const promote = await w.json(
      'PATCH',
      `/api/tenants/members/${w.viewerA.userId}`,
      manager,
      w.a.slug,
      { roleId: roleIds.account_admin },
    )
    expect(await answer(promote)).toEqual([403, 'ROLE_ABOVE_ACTOR', 'layers.manage'])
    expect(await roleOf(w.viewerA, w.a.slug)).toBe('viewer')
    // A role within the actor's own permissions is fine.
    const within = await w.json(
      'PATCH',
      `/api/tenants/members/${w.viewerA.userId}`,
      manager,
      w.a.slug,
      { roleId: roleIds['member-viewer'] },
    )
    expect(within.status).toBe(200)
    expect(await roleOf(w.viewerA, w.a.slug)).toBe('member-viewer')
  })

  it('lets nobody change their own role, up or down', async () => {
    const self = await w.json(
      'PATCH',
      `/api/tenants/members/${manager.userId}`,
      manager,
      w.a.slug,
      { roleId: roleIds.account_admin },
    )
    expect(await answer(self)).toEqual([403, 'OWN_ROLE_CHANGE', undefined])
    expect(await roleOf(manager, w.a.slug)).toBe('member-manager')
    // Not even an account admin stepping down while another admin remains.
    const admin2 = await signIn(w.t, uniqueEmail('admin2'))
    const t = await tenantWith([
      [w.adminA, 'account_admin'],
      [admin2, 'account_admin'],
    ])
    const down = await w.json('PATCH', `/api/tenants/members/${admin2.userId}`, admin2, t.slug, {
      roleId: t.ids.user,
    })
    expect(await answer(down)).toEqual([403, 'OWN_ROLE_CHANGE', undefined])
    expect(await roleOf(admin2, t.slug)).toBe('account_admin')
    // Inviting yourself would be a way round it.
    const selfInvite = await invite(admin2, t.slug, admin2.email, t.ids.viewer!)
    expect(await answer(selfInvite)).toEqual([403, 'OWN_ROLE_CHANGE', undefined])
  })

  it('refuses to invite someone with a role holding a permission the inviter lacks', async () => {
    const email = uniqueEmail('would-be-admin')
    const res = await invite(manager, w.a.slug, email, roleIds.account_admin!)
    expect(await answer(res)).toEqual([403, 'ROLE_ABOVE_ACTOR', 'layers.manage'])
    await w.t.host.platform.jobs.whenIdle()
    expect(w.t.host.platform.mail.mailbox!.list().some((m) => m.to === email)).toBe(false)
    expect((await invite(manager, w.a.slug, email, roleIds['member-viewer']!)).status).toBe(201)
  })

  it("checks the inviter's permissions again when the invite is accepted", async () => {
    const inviter = await signIn(w.t, uniqueEmail('inviter'))
    const t = await tenantWith([
      [w.adminA, 'account_admin'],
      [inviter, 'account_admin'],
    ])
    const email = uniqueEmail('invitee')
    expect((await invite(inviter, t.slug, email, t.ids.account_admin!)).status).toBe(201)
    const token = (await tokenMailedTo(email))!
    // The inviter loses the admin role before the invite is accepted.
    const demoted = await w.json(
      'PATCH',
      `/api/tenants/members/${inviter.userId}`,
      w.adminA,
      t.slug,
      {
        roleId: t.ids.user,
      },
    )
    expect(demoted.status).toBe(200)
    const invitee = await signIn(w.t, email)
    expect(await answer(await accept(invitee, token))).toEqual([
      403,
      'INVITE_ROLE_ABOVE_INVITER',
      'layers.manage',
    ])
    expect(await roleOf(invitee, t.slug)).toBe(403)
    // The refusal did not use the invite up: once the inviter may give the role again, it works.
    await w.json('PATCH', `/api/tenants/members/${inviter.userId}`, w.adminA, t.slug, {
      roleId: t.ids.account_admin,
    })
    expect((await accept(invitee, token)).status).toBe(200)
    expect(await roleOf(invitee, t.slug)).toBe('account_admin')
  })

  it('keeps the last account admin when they accept an invite to a lesser role', async () => {
    const t = await tenantWith([
      [w.adminA, 'account_admin'],
      [manager, 'account_admin'],
    ])
    // Someone else may invite the last admin's address with a role they hold.
    expect((await invite(manager, t.slug, w.adminA.email, t.ids.viewer!)).status).toBe(201)
    const token = (await tokenMailedTo(w.adminA.email))!
    // The inviter steps down to a role that still covers the viewer role: adminA is the last admin.
    const down = await w.json('PATCH', `/api/tenants/members/${manager.userId}`, w.adminA, t.slug, {
      roleId: t.ids.user,
    })
    expect(down.status).toBe(200)
    expect(await answer(await accept(w.adminA, token))).toEqual([
      409,
      'LAST_ACCOUNT_ADMIN',
      undefined,
    ])
    expect(await roleOf(w.adminA, t.slug)).toBe('account_admin')
  })

  it('never removes or demotes the last account admin, not even as a superadmin', async () => {
    const t = await tenantWith([
      [w.adminA, 'account_admin'],
      [w.userA, 'user'],
    ])
    const leave = await w.json(
      'DELETE',
      `/api/tenants/members/${w.adminA.userId}`,
      w.adminA,
      t.slug,
    )
    expect(await answer(leave)).toEqual([409, 'LAST_ACCOUNT_ADMIN', undefined])
    const removed = await w.json(
      'DELETE',
      `/api/tenants/members/${w.adminA.userId}`,
      w.superadmin,
      t.slug,
    )
    expect(await answer(removed)).toEqual([409, 'LAST_ACCOUNT_ADMIN', undefined])
    const demoted = await w.json(
      'PATCH',
      `/api/tenants/members/${w.adminA.userId}`,
      w.superadmin,
      t.slug,
      { roleId: t.ids.viewer },
    )
    expect(await answer(demoted)).toEqual([409, 'LAST_ACCOUNT_ADMIN', undefined])
    expect(await roleOf(w.adminA, t.slug)).toBe('account_admin')
    // A superadmin may hand the tenant over: promote someone, then the old admin can go.
    const promoted = await w.json(
      'PATCH',
      `/api/tenants/members/${w.userA.userId}`,
      w.superadmin,
      t.slug,
      {
        roleId: t.ids.account_admin,
      },
    )
    expect(promoted.status).toBe(200)
    expect(
      (await w.json('DELETE', `/api/tenants/members/${w.adminA.userId}`, w.superadmin, t.slug))
        .status,
    ).toBe(204)
  })

  it('leaves an account admin when two admins demote each other at the same time', async () => {
    for (let round = 0; round < 5; round++) {
      const [one, two] = await Promise.all([
        signIn(w.t, uniqueEmail('one')),
        signIn(w.t, uniqueEmail('two')),
      ])
      const t = await tenantWith([
        [one, 'account_admin'],
        [two, 'account_admin'],
      ])
      const results = await Promise.all([
        w.json('PATCH', `/api/tenants/members/${two.userId}`, one, t.slug, { roleId: t.ids.user }),
        w.json('PATCH', `/api/tenants/members/${one.userId}`, two, t.slug, { roleId: t.ids.user }),
      ])
      // The loser is refused as the last admin (it waited on the winner's lock) or, when it
      // started after the winner committed, for the user.manage it no longer holds.
      const [won, lost] = (await Promise.all(results.map(answer))).sort()
      expect(won).toEqual([200, undefined, undefined])
      expect([
        [409, 'LAST_ACCOUNT_ADMIN', undefined],
        [403, 'PERMISSION_DENIED', 'user.manage'],
      ]).toContainEqual(lost)
      const roles = [await roleOf(one, t.slug), await roleOf(two, t.slug)]
      expect(roles.sort()).toEqual(['account_admin', 'user'])
    }
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AUDIT_PROBE_ENTRY,
  createAuditProbe,
  signIn,
  TEST_TARGETS,
} from '@stratum/host-backend/testing'
import { createWorld, TENANCY_LAYERS, uniqueEmail, type World } from '../../test/tenancy-harness.ts'

const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T
const code = async (res: Response) => (await body<{ code: string }>(res)).code

describe.each(TEST_TARGETS)('tenant API on %s', (target) => {
  let w: World
  const probe = createAuditProbe()
  const audited = (action: string) => probe.records.filter((r) => r.action === action)
  beforeAll(async () => {
    w = await createWorld(target, {
      layersConfig: { layers: [...TENANCY_LAYERS.layers, AUDIT_PROBE_ENTRY] },
      extraLayers: [probe.layer],
    })
  })
  afterAll(() => w?.t.close())

  it('resolves X-Tenant-ID by slug or id, and refuses strangers, inactive and unknown tenants', async () => {
    for (const key of [w.a.slug, w.a.id])
      expect((await w.json('GET', '/api/tenants/current', w.adminA, key)).status).toBe(200)
    const missing = await w.json('GET', '/api/tenants/current', w.adminA)
    expect([missing.status, await code(missing)]).toEqual([400, 'TENANT_REQUIRED'])
    const stranger = await w.json('GET', '/api/tenants/current', w.adminA, w.b.slug)
    expect([stranger.status, await code(stranger)]).toEqual([403, 'TENANT_ACCESS_DENIED'])
    const unknown = await w.json('GET', '/api/tenants/current', w.adminA, 'no-such-tenant')
    expect([unknown.status, await code(unknown)]).toEqual([404, 'TENANT_NOT_FOUND'])
    // Longer than any slug or id can be: a malformed header, not an unknown tenant.
    const tooLong = await w.json('GET', '/api/tenants/current', w.adminA, 'x'.repeat(101))
    expect([tooLong.status, await body(tooLong)]).toEqual([
      400,
      expect.objectContaining({
        code: 'VALIDATION_FAILED',
        details: { fields: { 'x-tenant-id': [expect.any(String)] } },
        requestId: expect.any(String),
        timestamp: expect.any(String),
      }),
    ])
    const anonymous = await w.t.request('/api/tenants/current', {
      headers: { 'x-tenant-id': w.a.slug },
    })
    expect(anonymous.status).toBe(401)
  })

  it('lets a superadmin enter any active tenant, never an inactive one', async () => {
    const entered = await w.json('GET', '/api/tenants/current', w.superadmin, w.b.slug)
    expect(entered.status).toBe(200)
    expect((await body<{ role: { key: string } }>(entered)).role.key).toBe('superadmin')
    const temp = await w.json('POST', '/api/admin/multitenant/tenants', w.superadmin, undefined, {
      name: 'Temp',
      slug: `temp-${Date.now()}`,
    })
    expect(temp.status).toBe(201)
    const { id } = await body<{ id: string }>(temp)
    expect(
      (await w.json('POST', `/api/admin/multitenant/tenants/${id}/deactivate`, w.superadmin))
        .status,
    ).toBe(200)
    const inactive = await w.json('GET', '/api/tenants/current', w.superadmin, id)
    expect([inactive.status, await code(inactive)]).toEqual([403, 'TENANT_INACTIVE'])
    // Admin routes run outside a tenant transaction: the sinks write on their own.
    expect(
      probe.records
        .filter((r) => r.target?.id === id)
        .map((r) => [r.action, r.actorId, r.tenantId, r.before, r.after, r.inTransaction]),
    ).toEqual([
      [
        'multitenant.tenant.created',
        w.superadmin.userId,
        id,
        undefined,
        { slug: expect.stringMatching(/^temp-/), name: 'Temp', theme: null },
        false,
      ],
      [
        'multitenant.tenant.deactivated',
        w.superadmin.userId,
        id,
        { isActive: true },
        { isActive: false },
        false,
      ],
    ])
  })

  it('lists my tenants with my role and permissions in each', async () => {
    await w.addTo(w.b, w.viewerA, 'viewer')
    const res = await w.json('GET', '/api/tenants/mine', w.viewerA)
    const mine = await body<{
      memberships: Array<{ tenant: { slug: string }; role: { key: string }; permissions: string[] }>
    }>(res)
    expect(mine.memberships.map((m) => [m.tenant.slug, m.role.key]).sort()).toEqual(
      [
        [w.a.slug, 'viewer'],
        [w.b.slug, 'viewer'],
      ].sort(),
    )
    // Layer 2's own grant: no other layer contributes to multitenant.permissions here.
    expect(mine.memberships[0]!.permissions.sort()).toEqual(['report.view'])
  })

  it('names the missing permission in a 403', async () => {
    const res = await w.json('GET', '/api/tenants/members', w.viewerA, w.a.slug)
    expect(res.status).toBe(403)
    expect(await body(res)).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { permission: 'user.view' },
    })
  })

  it("shows each tenant's own data only, for one user in both", async () => {
    const both = await signIn(w.t, uniqueEmail('both'))
    await w.addTo(w.a, both, 'account_admin')
    await w.addTo(w.b, both, 'account_admin')
    const emails = async (tenant: string) =>
      (
        await body<{ members: Array<{ email: string }> }>(
          await w.json('GET', '/api/tenants/members', both, tenant),
        )
      ).members.map((m) => m.email)
    const inA = await emails(w.a.slug)
    const inB = await emails(w.b.slug)
    expect(inA).toContain(w.adminA.email)
    expect(inA).not.toContain(w.adminB.email)
    expect(inB).toContain(w.adminB.email)
    expect(inB).not.toContain(w.adminA.email)
    expect(
      (await w.json('DELETE', `/api/tenants/members/${both.userId}`, w.adminA, w.a.slug)).status,
    ).toBe(204)
  })

  it('changes roles, refuses a change of one’s own, keeps the last account admin, and audits', async () => {
    const roles = (
      await body<{ roles: Array<{ id: string; key: string }> }>(
        await w.json('GET', '/api/tenants/roles', w.adminA, w.a.slug),
      )
    ).roles
    const userRole = roles.find((r) => r.key === 'user')!
    const viewerRole = roles.find((r) => r.key === 'viewer')!
    const changed = await w.json(
      'PATCH',
      `/api/tenants/members/${w.viewerA.userId}`,
      w.adminA,
      w.a.slug,
      { roleId: userRole.id },
    )
    expect(changed.status).toBe(200)
    // Written by the sink inside the tenant transaction, so it commits with the change.
    expect(audited('multitenant.member.role_changed')).toEqual([
      expect.objectContaining({
        actorId: w.adminA.userId,
        tenantId: w.a.id,
        target: { type: 'user', id: w.viewerA.userId },
        before: { roleId: viewerRole.id, roleKey: 'viewer' },
        after: { roleId: userRole.id, roleKey: 'user' },
        inTransaction: true,
      }),
    ])
    // The viewer's new permissions apply at once (the cached membership was invalidated).
    expect(
      (
        await w
          .json('GET', '/api/tenants/current', w.viewerA, w.a.slug)
          .then(body<{ role: { key: string } }>)
      ).role.key,
    ).toBe('user')

    const lonely = await w.json(
      'PATCH',
      `/api/tenants/members/${w.adminA.userId}`,
      w.adminA,
      w.a.slug,
      { roleId: userRole.id },
    )
    expect([lonely.status, await code(lonely)]).toEqual([403, 'OWN_ROLE_CHANGE'])
    const leave = await w.json(
      'DELETE',
      `/api/tenants/members/${w.adminA.userId}`,
      w.adminA,
      w.a.slug,
    )
    expect([leave.status, await code(leave)]).toEqual([409, 'LAST_ACCOUNT_ADMIN'])
    // The two refusals audited nothing.
    expect(audited('multitenant.member.role_changed').map((r) => r.target?.id)).toEqual([
      w.viewerA.userId,
    ])
    expect(audited('multitenant.member.removed').map((r) => r.target?.id)).not.toContain(
      w.adminA.userId,
    )
  })

  it('invites by email, and only the invited address can accept', async () => {
    const roles = (
      await body<{ roles: Array<{ id: string; key: string }> }>(
        await w.json('GET', '/api/tenants/roles', w.adminA, w.a.slug),
      )
    ).roles
    const invitee = uniqueEmail('invitee')
    const created = await w.json('POST', '/api/tenants/invites', w.adminA, w.a.slug, {
      email: invitee,
      roleId: roles.find((r) => r.key === 'viewer')!.id,
    })
    expect(created.status).toBe(201)
    await w.t.host.platform.jobs.whenIdle()
    const mail = w.t.host.platform.mail.mailbox!.list().find((m) => m.to === invitee)!
    expect(mail.subject).toBe('You are invited to Tenant A')
    // In the fragment, which browsers never send: no access log or Referer header carries it.
    expect(mail.text).not.toContain('?token=')
    expect(mail.html).not.toContain('?token=')
    const token = /\/invites\/accept#token=([A-Za-z0-9_-]+)/.exec(mail.text)![1]!
    expect(mail.html).toContain(`/invites/accept#token=${token}`)
    const someoneElse = await signIn(w.t, uniqueEmail('intruder'))
    const wrong = await w.json('POST', '/api/tenants/invites/accept', someoneElse, undefined, {
      token,
    })
    expect([wrong.status, await code(wrong)]).toEqual([404, 'INVITE_NOT_FOUND'])
    const invited = await signIn(w.t, invitee)
    const accepted = await w.json('POST', '/api/tenants/invites/accept', invited, undefined, {
      token,
    })
    expect(accepted.status).toBe(200)
    expect((await body<{ role: { key: string } }>(accepted)).role.key).toBe('viewer')
    expect((await w.json('GET', '/api/tenants/current', invited, w.a.slug)).status).toBe(200)
    expect(
      (await w.json('POST', '/api/tenants/invites/accept', invited, undefined, { token })).status,
    ).toBe(404)
  })

  it('manages custom roles; system roles are immutable and nobody grants what they lack', async () => {
    const created = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
      key: 'auditor',
      name: 'Auditor',
      description: 'Reads the reports',
      permissions: ['user.view', 'report.*'],
    })
    expect(created.status).toBe(201)
    const role = await body<{ id: string; permissions: string[]; isSystem: boolean }>(created)
    expect(role).toMatchObject({ isSystem: false, permissions: ['report.*', 'user.view'] })
    expect(audited('multitenant.role.created')).toEqual([
      expect.objectContaining({
        actorId: w.adminA.userId,
        tenantId: w.a.id,
        target: { type: 'role', id: role.id },
        before: undefined,
        after: {
          key: 'auditor',
          name: 'Auditor',
          description: 'Reads the reports',
          permissions: ['report.*', 'user.view'],
        },
        inTransaction: true,
      }),
    ])
    // A layer's permissions exist only once that layer is enabled (layer 3 adds client.*).
    const absent = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
      key: 'absent',
      name: 'Absent',
      permissions: ['billing.view'],
    })
    expect(absent.status).toBe(400)
    const unknown = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
      key: 'weird',
      name: 'Weird',
      permissions: ['spaceship.fly'],
    })
    expect([unknown.status, await code(unknown)]).toEqual([400, 'UNKNOWN_PERMISSION'])
    const all = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
      key: 'god',
      name: 'God',
      permissions: ['*'],
    })
    expect(all.status).toBe(400)
    const system = (
      await body<{ roles: Array<{ id: string; isSystem: boolean }> }>(
        await w.json('GET', '/api/tenants/roles', w.adminA, w.a.slug),
      )
    ).roles.find((r) => r.isSystem)!
    const immutable = await w.json('PATCH', `/api/tenants/roles/${system.id}`, w.adminA, w.a.slug, {
      permissions: ['client.view'],
    })
    expect([immutable.status, await code(immutable)]).toEqual([403, 'ROLE_IMMUTABLE'])
    // A rename leaves the description alone.
    const renamed = await w.json('PATCH', `/api/tenants/roles/${role.id}`, w.adminA, w.a.slug, {
      name: 'Report auditor',
    })
    expect([renamed.status, await body(renamed)]).toEqual([
      200,
      expect.objectContaining({ name: 'Report auditor', description: 'Reads the reports' }),
    ])
    expect(
      (await w.json('DELETE', `/api/tenants/roles/${role.id}`, w.adminA, w.a.slug)).status,
    ).toBe(204)
    const roleChanges = probe.records.filter((r) => r.target?.id === role.id)
    expect(roleChanges.map((r) => [r.action, r.before, r.after])).toEqual([
      ['multitenant.role.created', undefined, expect.any(Object)],
      ['multitenant.role.updated', { name: 'Auditor' }, { name: 'Report auditor' }],
      [
        'multitenant.role.deleted',
        {
          key: 'auditor',
          name: 'Report auditor',
          description: 'Reads the reports',
          permissions: ['report.*', 'user.view'],
        },
        undefined,
      ],
    ])
    // Escalation: someone who may manage roles but lacks report.* cannot mint a role with it.
    const manager = await body<{ id: string }>(
      await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
        key: 'role-manager',
        name: 'Role manager',
        permissions: ['settings.manage', 'user.view'],
      }),
    )
    const climber = await signIn(w.t, uniqueEmail('climber'))
    await w.addTo(w.a, climber, 'role-manager')
    const minted = await w.json('POST', '/api/tenants/roles', climber, w.a.slug, {
      key: 'exporter',
      name: 'Exporter',
      permissions: ['report.export'],
    })
    expect(await body(minted)).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { permission: 'report.export' },
    })
    expect(manager.id).toBeDefined()
    const catalogue = await body<{ permissions: Array<{ name: string }> }>(
      await w.json('GET', '/api/tenants/permissions', w.viewerA, w.a.slug),
    )
    expect(catalogue.permissions.map((p) => p.name)).toContain('user.invite')
  })

  it('grants, lists and revokes resource policies for members only', async () => {
    // A type whose permissions layer 2 grants itself: account_admin's `report.*` covers share.
    const resourceId = crypto.randomUUID()
    const granted = await w.json('POST', '/api/tenants/policies', w.adminA, w.a.slug, {
      userId: w.userA.userId,
      resourceType: 'report',
      resourceId,
      canEdit: true,
      expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
    })
    expect(granted.status).toBe(201)
    const policy = await body<{ id: string }>(granted)
    const outsider = await w.json('POST', '/api/tenants/policies', w.adminA, w.a.slug, {
      userId: w.adminB.userId,
      resourceType: 'report',
      resourceId,
    })
    expect([outsider.status, await code(outsider)]).toEqual([404, 'MEMBER_NOT_FOUND'])
    const listed = await body<{ policies: Array<{ id: string; canEdit: boolean }> }>(
      await w.json(
        'GET',
        `/api/tenants/policies?resourceType=report&resourceId=${resourceId}`,
        w.adminA,
        w.a.slug,
      ),
    )
    expect(listed.policies).toEqual([expect.objectContaining({ id: policy.id, canEdit: true })])
    const denied = await w.json('POST', '/api/tenants/policies', w.userA, w.a.slug, {
      userId: w.userA.userId,
      resourceType: 'report',
      resourceId,
      canDelete: true,
    })
    expect(await body(denied)).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { permission: 'report.share' },
    })
    expect(
      (await w.json('DELETE', `/api/tenants/policies/${policy.id}`, w.adminA, w.a.slug)).status,
    ).toBe(204)
    const grant = {
      userId: w.userA.userId,
      canView: true,
      canEdit: true,
      canDelete: false,
      expiresAt: expect.any(String),
    }
    expect(
      probe.records
        .filter((r) => r.target?.id === resourceId)
        .map((r) => [r.action, r.before, r.after]),
    ).toEqual([
      ['multitenant.policy.granted', undefined, grant],
      ['multitenant.policy.revoked', grant, undefined],
    ])
  })

  it('lets only a superadmin manage tenants; a new tenant comes with its system roles', async () => {
    const slug = `fresh-${Date.now()}`
    expect(
      (
        await w.json('POST', '/api/admin/multitenant/tenants', w.adminA, undefined, {
          name: 'Nope',
          slug,
        })
      ).status,
    ).toBe(403)
    const created = await w.json(
      'POST',
      '/api/admin/multitenant/tenants',
      w.superadmin,
      undefined,
      { name: 'Fresh', slug },
    )
    expect(created.status).toBe(201)
    const taken = await w.json('POST', '/api/admin/multitenant/tenants', w.superadmin, undefined, {
      name: 'Again',
      slug,
    })
    expect([taken.status, await code(taken)]).toEqual([409, 'SLUG_TAKEN'])
    const roles = await body<{ roles: Array<{ key: string; isSystem: boolean }> }>(
      await w.json('GET', '/api/tenants/roles', w.superadmin, slug),
    )
    expect(roles.roles.map((r) => r.key).sort()).toEqual(['account_admin', 'user', 'viewer'])
    const list = await body<{ tenants: Array<{ slug: string }> }>(
      await w.json('GET', `/api/admin/multitenant/tenants?q=${slug}`, w.superadmin),
    )
    expect(list.tenants.map((t) => t.slug)).toEqual([slug])
  })
})

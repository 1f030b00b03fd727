import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AUDIT_PROBE_ENTRY,
  createAuditProbe,
  signIn,
  TEST_TARGETS,
  type SignedIn,
} from '@stratum/host-backend/testing'
import type { Client, ClientPage } from '../shared/index.ts'
import {
  APP_LAYERS,
  body,
  createAppWorld,
  uniqueEmail,
  type World,
} from '../../test/app-harness.ts'

type ErrorBody = {
  code: string
  details?: { permission?: string; fields?: Record<string, string[]> }
}

describe.each(TEST_TARGETS)('clients API on %s', (target) => {
  let w: World
  const probe = createAuditProbe()
  /** The audit records about one client, in order. */
  const auditsOf = (id: string) =>
    probe.records.filter((r) => r.target?.type === 'client' && r.target.id === id)
  const create = (who: SignedIn, fields: Record<string, unknown>) =>
    w.json('POST', '/api/app/clients', who, w.a.slug, fields)
  const created = async (who: SignedIn, name: string, extra: Record<string, unknown> = {}) => {
    const res = await create(who, { name, ...extra })
    expect(res.status).toBe(201)
    return body<Client>(res)
  }
  const page = async (who: SignedIn, query: string) => {
    const res = await w.json('GET', `/api/app/clients?${query}`, who, w.a.slug)
    expect(res.status).toBe(200)
    return body<ClientPage>(res)
  }
  const stored = (id: string) =>
    w.t.host.platform.database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      trx.selectFrom('app_clients').selectAll().where('id', '=', id).executeTakeFirst(),
    )

  beforeAll(async () => {
    w = await createAppWorld(target, {
      layersConfig: { layers: [...APP_LAYERS.layers, AUDIT_PROBE_ENTRY] },
      extraLayers: [probe.layer],
    })
  })
  afterAll(() => w?.t.close())

  it('lets a user edit their own client but not the admin’s, and the admin edit any', async () => {
    const mine = await created(w.userA, 'Own Scope Ltd', {
      email: 'Contact@Own.example',
      phone: '+55 (11) 5555-0000',
    })
    expect(mine).toMatchObject({
      createdBy: w.userA.userId,
      email: 'contact@own.example',
      phone: '+55 (11) 5555-0000',
      notes: null,
      projectCount: 0,
      deletedAt: null,
    })
    const admins = await created(w.adminA, 'Admin Scope Ltd')

    const own = await w.json('PATCH', `/api/app/clients/${mine.id}`, w.userA, w.a.slug, {
      notes: 'Met at the fair',
    })
    expect(own.status).toBe(200)
    expect((await stored(mine.id))?.notes).toBe('Met at the fair')

    const theirs = await w.json('PATCH', `/api/app/clients/${admins.id}`, w.userA, w.a.slug, {
      name: 'Hijacked',
    })
    expect([theirs.status, await body<ErrorBody>(theirs)]).toEqual([
      403,
      expect.objectContaining({
        code: 'PERMISSION_DENIED',
        details: { permission: 'client.edit' },
      }),
    ])
    expect((await stored(admins.id))?.name).toBe('Admin Scope Ltd')

    const byAdmin = await w.json('PATCH', `/api/app/clients/${mine.id}`, w.adminA, w.a.slug, {
      name: 'Own Scope Renamed',
      email: '',
    })
    expect(await body<Client>(byAdmin)).toMatchObject({
      name: 'Own Scope Renamed',
      email: null,
      notes: 'Met at the fair',
    })

    const viewerCreates = await create(w.viewerA, { name: 'Viewer Co' })
    expect(await body<ErrorBody>(viewerCreates)).toMatchObject({
      code: 'PERMISSION_DENIED',
      details: { permission: 'client.create' },
    })
    const userDeletes = await w.json('DELETE', `/api/app/clients/${mine.id}`, w.userA, w.a.slug)
    expect([userDeletes.status, (await body<ErrorBody>(userDeletes)).details?.permission]).toEqual([
      403,
      'client.delete',
    ])
    // Refused changes audit nothing; each change carries the changed fields before and after, and
    // the sink got the tenant transaction, so the record commits or rolls back with the change.
    expect(
      auditsOf(mine.id).map((r) => [r.action, r.actorId, r.tenantId, r.before, r.after]),
    ).toEqual([
      [
        'authenticated.client.created',
        w.userA.userId,
        w.a.id,
        undefined,
        {
          name: 'Own Scope Ltd',
          email: 'contact@own.example',
          phone: '+55 (11) 5555-0000',
          notes: null,
        },
      ],
      [
        'authenticated.client.updated',
        w.userA.userId,
        w.a.id,
        { notes: null },
        { notes: 'Met at the fair' },
      ],
      [
        'authenticated.client.updated',
        w.adminA.userId,
        w.a.id,
        { name: 'Own Scope Ltd', email: 'contact@own.example' },
        { name: 'Own Scope Renamed', email: null },
      ],
    ])
    expect(auditsOf(mine.id).every((r) => r.inTransaction)).toBe(true)
  })

  it('lets a viewer edit the one client a canEdit policy shares with them, and nothing else', async () => {
    const shared = await created(w.adminA, 'Policy Shared Co')
    const other = await created(w.adminA, 'Policy Other Co')
    const grant = await w.json('POST', '/api/tenants/policies', w.adminA, w.a.slug, {
      userId: w.viewerA.userId,
      resourceType: 'client',
      resourceId: shared.id,
      canEdit: true,
    })
    expect(grant.status).toBe(201)
    expect(
      (
        await w.json('PATCH', `/api/app/clients/${shared.id}`, w.viewerA, w.a.slug, {
          phone: '123',
        })
      ).status,
    ).toBe(200)
    expect((await stored(shared.id))?.phone).toBe('123')
    expect(
      (await w.json('PATCH', `/api/app/clients/${other.id}`, w.viewerA, w.a.slug, { phone: '123' }))
        .status,
    ).toBe(403)
    expect(
      (await w.json('DELETE', `/api/app/clients/${shared.id}`, w.viewerA, w.a.slug)).status,
    ).toBe(403)
  })

  it('shows a role without client.view only the client a canView policy shares', async () => {
    const role = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
      key: 'reporter',
      name: 'Reporter',
      permissions: ['report.view'],
    })
    expect(role.status).toBe(201)
    const reporter = await signIn(w.t, uniqueEmail('reporter'))
    await w.addTo(w.a, reporter, 'reporter')
    const shared = await created(w.adminA, 'Visible To Reporter')
    const hidden = await created(w.adminA, 'Hidden From Reporter')
    await w.json('POST', '/api/tenants/policies', w.adminA, w.a.slug, {
      userId: reporter.userId,
      resourceType: 'client',
      resourceId: shared.id,
    })

    const list = await page(reporter, 'pageSize=100')
    expect([list.total, list.items.map((c) => c.name)]).toEqual([1, ['Visible To Reporter']])
    expect((await w.json('GET', `/api/app/clients/${shared.id}`, reporter, w.a.slug)).status).toBe(
      200,
    )
    const denied = await w.json('GET', `/api/app/clients/${hidden.id}`, reporter, w.a.slug)
    expect([denied.status, (await body<ErrorBody>(denied)).details?.permission]).toEqual([
      403,
      'client.view',
    ])
    // Everyone with client.view sees both.
    expect((await page(w.viewerA, 'q=reporter')).total).toBe(2)
  })

  it('soft-deletes and restores, and filters lists by status', async () => {
    const gone = await created(w.adminA, 'Status Gone Co')
    await created(w.adminA, 'Status Kept Co')
    const deleted = await w.json('DELETE', `/api/app/clients/${gone.id}`, w.adminA, w.a.slug)
    expect((await body<Client>(deleted)).deletedAt).not.toBeNull()
    expect((await stored(gone.id))?.deleted_at).not.toBeNull()
    const names = async (status: string) =>
      (await page(w.adminA, `q=status&status=${status}`)).items.map((c) => c.name)
    expect(await names('active')).toEqual(['Status Kept Co'])
    expect(await names('deleted')).toEqual(['Status Gone Co'])
    expect(await names('all')).toEqual(['Status Gone Co', 'Status Kept Co'])
    expect((await w.json('GET', `/api/app/clients/${gone.id}`, w.viewerA, w.a.slug)).status).toBe(
      200,
    )

    const again = await w.json('DELETE', `/api/app/clients/${gone.id}`, w.adminA, w.a.slug)
    expect([again.status, (await body<ErrorBody>(again)).code]).toEqual([409, 'CLIENT_DELETED'])
    const edit = await w.json('PATCH', `/api/app/clients/${gone.id}`, w.adminA, w.a.slug, {
      notes: 'x',
    })
    expect([edit.status, (await body<ErrorBody>(edit)).code]).toEqual([409, 'CLIENT_DELETED'])
    expect(
      (await w.json('POST', `/api/app/clients/${gone.id}/restore`, w.userA, w.a.slug)).status,
    ).toBe(403)
    const restored = await w.json('POST', `/api/app/clients/${gone.id}/restore`, w.adminA, w.a.slug)
    expect([restored.status, (await body<Client>(restored)).deletedAt]).toEqual([200, null])
    expect(await names('active')).toEqual(['Status Gone Co', 'Status Kept Co'])
    const twice = await w.json('POST', `/api/app/clients/${gone.id}/restore`, w.adminA, w.a.slug)
    expect([twice.status, (await body<ErrorBody>(twice)).code]).toEqual([409, 'NOT_DELETED'])

    // A deleted client frees its name; restoring it while the name is taken is refused.
    await w.json('DELETE', `/api/app/clients/${gone.id}`, w.adminA, w.a.slug)
    await created(w.adminA, 'Status Gone Co')
    const clash = await w.json('POST', `/api/app/clients/${gone.id}/restore`, w.adminA, w.a.slug)
    expect([clash.status, await body<ErrorBody>(clash)]).toEqual([
      409,
      expect.objectContaining({
        code: 'CLIENT_NAME_TAKEN',
        details: { fields: { name: [expect.any(String)] } },
      }),
    ])
    const fields = { name: 'Status Gone Co', email: null, phone: null, notes: null }
    const deletedAt = expect.stringMatching(/^\d{4}-\d\d-\d\dT/)
    expect(auditsOf(gone.id).map((r) => [r.action, r.before, r.after])).toEqual([
      ['authenticated.client.created', undefined, fields],
      ['authenticated.client.deleted', { ...fields, deletedAt: null }, { deletedAt }],
      ['authenticated.client.restored', { deletedAt }, { deletedAt: null }],
      ['authenticated.client.deleted', { ...fields, deletedAt: null }, { deletedAt }],
    ])
  })

  it('pages on the server: 25 clients, page 2 of 10 has 10 and the total is 25', async () => {
    for (let i = 1; i <= 25; i++) await created(w.adminA, `Paged ${String(i).padStart(2, '0')}`)
    const second = await page(w.adminA, 'q=paged&pageSize=10&page=2')
    expect([second.total, second.page, second.pageSize, second.items.length]).toEqual([
      25, 2, 10, 10,
    ])
    expect(second.items.map((c) => c.name)).toEqual(
      Array.from({ length: 10 }, (_, i) => `Paged ${String(i + 11)}`),
    )
    expect((await page(w.adminA, 'q=paged&pageSize=10&page=3')).items.length).toBe(5)
    // Past the end no row carries the window count: the total still comes back.
    const past = await page(w.adminA, 'q=paged&pageSize=10&page=4')
    expect([past.items, past.total]).toEqual([[], 25])
    expect((await page(w.adminA, 'q=no%20such%20client')).total).toBe(0)
    // PostgreSQL formats the timestamps: the same ISO text a Date of the stored value prints.
    const first = second.items[0]!
    const row = await stored(first.id)
    expect([first.createdAt, first.updatedAt, first.deletedAt]).toEqual([
      new Date(row!.created_at as string | Date).toISOString(),
      new Date(row!.updated_at as string | Date).toISOString(),
      null,
    ])
    expect(first.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/)
    const tooBig = await w.json('GET', '/api/app/clients?pageSize=101', w.adminA, w.a.slug)
    expect([
      tooBig.status,
      Object.keys((await body<ErrorBody>(tooBig)).details?.fields ?? {}),
    ]).toEqual([400, ['pageSize']])
  })

  it('searches with wildcards taken literally, and sorts by whitelisted columns only', async () => {
    for (const name of [
      'Wild 100% Organic',
      'Wild 100 Percent',
      'Wild Under_score',
      'Wild Underxscore',
    ])
      await created(w.adminA, name)
    await created(w.adminA, 'Found By Mail', { email: 'wild-card@mail.example' })
    const search = async (q: string) =>
      (await page(w.adminA, `q=${encodeURIComponent(q)}`)).items.map((c) => c.name)
    expect(await search('100%')).toEqual(['Wild 100% Organic'])
    expect(await search('r_s')).toEqual(['Wild Under_score'])
    expect(await search('WILD-CARD@')).toEqual(['Found By Mail'])
    // Letters only, so every collation agrees on the order.
    for (const name of ['Sorted Bravo', 'Sorted Delta', 'Sorted Alpha', 'Sorted Charlie'])
      await created(w.adminA, name)
    const sorted = async (query: string) =>
      (await page(w.adminA, `q=sorted&${query}`)).items.map((c) => c.name)
    expect(await sorted('sort=name&order=desc')).toEqual([
      'Sorted Delta',
      'Sorted Charlie',
      'Sorted Bravo',
      'Sorted Alpha',
    ])
    expect(await sorted('sort=name')).toEqual([
      'Sorted Alpha',
      'Sorted Bravo',
      'Sorted Charlie',
      'Sorted Delta',
    ])
    expect(await sorted('sort=createdAt&order=asc')).toEqual([
      'Sorted Bravo',
      'Sorted Delta',
      'Sorted Alpha',
      'Sorted Charlie',
    ])
    await w.json(
      'PATCH',
      `/api/app/clients/${(await page(w.adminA, 'q=sorted%20alpha')).items[0]!.id}`,
      w.adminA,
      w.a.slug,
      { notes: 'touched' },
    )
    expect((await sorted('sort=updatedAt&order=desc'))[0]).toBe('Sorted Alpha')
    const bogus = await w.json('GET', '/api/app/clients?sort=email', w.adminA, w.a.slug)
    expect([
      bogus.status,
      Object.keys((await body<ErrorBody>(bogus)).details?.fields ?? {}),
    ]).toEqual([400, ['sort']])
  })

  it('names the invalid fields, and a duplicate name per tenant in details.fields.name', async () => {
    const invalid = await create(w.adminA, { name: '  ', email: 'not-an-email', phone: 'call me' })
    const error = await body<ErrorBody>(invalid)
    expect([invalid.status, error.code, Object.keys(error.details?.fields ?? {}).sort()]).toEqual([
      400,
      'VALIDATION_FAILED',
      ['email', 'name', 'phone'],
    ])
    const unknown = await create(w.adminA, { name: 'Extra Field Co', owner: 'me' })
    expect(unknown.status).toBe(400)

    await created(w.adminA, 'Unique Name Co')
    const dup = await create(w.userA, { name: 'unique name co' })
    expect([dup.status, await body<ErrorBody>(dup)]).toEqual([
      409,
      expect.objectContaining({
        code: 'CLIENT_NAME_TAKEN',
        details: { fields: { name: [expect.any(String)] } },
      }),
    ])
    const other = await created(w.userA, 'Another Unique Co')
    const rename = await w.json('PATCH', `/api/app/clients/${other.id}`, w.userA, w.a.slug, {
      name: 'UNIQUE NAME CO',
    })
    expect([rename.status, (await body<ErrorBody>(rename)).details?.fields?.name]).toEqual([
      409,
      [expect.any(String)],
    ])
    // The same name in another tenant is fine.
    expect(
      (await w.json('POST', '/api/app/clients', w.adminB, w.b.slug, { name: 'Unique Name Co' }))
        .status,
    ).toBe(201)
  })

  it("answers 404 for another tenant's client and never shows it", async () => {
    const theirs = await body<Client>(
      await w.json('POST', '/api/app/clients', w.adminB, w.b.slug, { name: 'B Only Client' }),
    )
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/restore'],
    ] as const) {
      const res = await w.json(
        method,
        `/api/app/clients/${theirs.id}${path}`,
        w.adminA,
        w.a.slug,
        method === 'PATCH' ? { name: 'Stolen' } : undefined,
      )
      expect([method, path, res.status, (await body<ErrorBody>(res)).code]).toEqual([
        method,
        path,
        404,
        'CLIENT_NOT_FOUND',
      ])
    }
    expect((await page(w.adminA, 'q=b%20only')).total).toBe(0)
    const inB = await w.t.host.platform.database.withSettings({ 'app.tenant_id': w.b.id }, (trx) =>
      trx
        .selectFrom('app_clients')
        .select(['name', 'deleted_at'])
        .where('id', '=', theirs.id)
        .executeTakeFirst(),
    )
    expect(inB).toEqual({ name: 'B Only Client', deleted_at: null })
  })
})

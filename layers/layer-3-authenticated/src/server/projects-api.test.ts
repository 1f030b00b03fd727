import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS, type SignedIn } from '@stratum/host-backend/testing'
import type { Client, Project, ProjectPage } from '../shared/index.ts'
import { body, createAppWorld, type World } from '../../test/app-harness.ts'

type ErrorBody = {
  code: string
  details?: { permission?: string; fields?: Record<string, string[]> }
}

describe.each(TEST_TARGETS)('projects API on %s', (target) => {
  let w: World
  let client: Client
  const newClient = async (who: SignedIn, name: string, tenant = w.a.slug) =>
    body<Client>(await w.json('POST', '/api/app/clients', who, tenant, { name }))
  const create = (who: SignedIn, fields: Record<string, unknown>) =>
    w.json('POST', '/api/app/projects', who, w.a.slug, fields)
  const created = async (who: SignedIn, fields: Record<string, unknown>) => {
    const res = await create(who, fields)
    expect(res.status).toBe(201)
    return body<Project>(res)
  }
  const page = async (query: string, who: SignedIn = w.adminA) => {
    const res = await w.json('GET', `/api/app/projects?${query}`, who, w.a.slug)
    expect(res.status).toBe(200)
    return body<ProjectPage>(res)
  }

  beforeAll(async () => {
    w = await createAppWorld(target)
    client = await newClient(w.adminA, 'Project Host Co')
  })
  afterAll(() => w?.t.close())

  it('creates a project with its money and date exactly as sent', async () => {
    const p = await created(w.userA, {
      clientId: client.id,
      name: 'Website',
      budget: 1234.5,
      dueDate: '2026-12-31',
    })
    expect(p).toMatchObject({
      client: { id: client.id, name: 'Project Host Co' },
      name: 'Website',
      status: 'planned',
      budget: 1234.5,
      dueDate: '2026-12-31',
      createdBy: w.userA.userId,
    })
    const row = await w.t.host.platform.database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      trx
        .selectFrom('app_projects')
        .select(['budget', (eb) => eb.cast('due_date', 'text').as('due')])
        .where('id', '=', p.id)
        .executeTakeFirstOrThrow(),
    )
    expect([String(row.budget), row.due]).toEqual(['1234.50', '2026-12-31'])
    expect(
      (await body<Client>(await w.json('GET', `/api/app/clients/${client.id}`, w.adminA, w.a.slug)))
        .projectCount,
    ).toBe(1)
  })

  it('applies own and all scopes to projects as to clients', async () => {
    const mine = await created(w.userA, { clientId: client.id, name: 'User Project' })
    const admins = await created(w.adminA, { clientId: client.id, name: 'Admin Project' })
    expect(
      (
        await w.json('PATCH', `/api/app/projects/${mine.id}`, w.userA, w.a.slug, {
          status: 'active',
        })
      ).status,
    ).toBe(200)
    const denied = await w.json('PATCH', `/api/app/projects/${admins.id}`, w.userA, w.a.slug, {
      status: 'done',
    })
    expect([denied.status, (await body<ErrorBody>(denied)).details?.permission]).toEqual([
      403,
      'project.edit',
    ])
    const byAdmin = await w.json('PATCH', `/api/app/projects/${mine.id}`, w.adminA, w.a.slug, {
      status: 'done',
      budget: null,
    })
    expect(await body<Project>(byAdmin)).toMatchObject({ status: 'done', budget: null })
    const viewer = await create(w.viewerA, { clientId: client.id, name: 'Viewer Project' })
    expect([viewer.status, (await body<ErrorBody>(viewer)).details?.permission]).toEqual([
      403,
      'project.create',
    ])
    expect(
      (await w.json('GET', `/api/app/projects/${admins.id}`, w.viewerA, w.a.slug)).status,
    ).toBe(200)
    expect((await w.json('DELETE', `/api/app/projects/${mine.id}`, w.userA, w.a.slug)).status).toBe(
      403,
    )
  })

  it('filters by client and project status, searches client names, sorts with empty values last', async () => {
    const other = await newClient(w.adminA, 'Filter Other Co')
    await created(w.adminA, {
      clientId: other.id,
      name: 'Filter Early',
      dueDate: '2026-01-15',
      status: 'active',
    })
    await created(w.adminA, {
      clientId: other.id,
      name: 'Filter Late',
      dueDate: '2027-06-01',
      status: 'active',
    })
    await created(w.adminA, { clientId: other.id, name: 'Filter Undated', status: 'done' })
    const names = async (query: string) => (await page(query)).items.map((p) => p.name)
    expect(await names(`clientId=${other.id}&sort=dueDate`)).toEqual([
      'Filter Early',
      'Filter Late',
      'Filter Undated',
    ])
    expect(await names(`clientId=${other.id}&sort=dueDate&order=desc`)).toEqual([
      'Filter Late',
      'Filter Early',
      'Filter Undated',
    ])
    expect(await names(`clientId=${other.id}&projectStatus=active&sort=name`)).toEqual([
      'Filter Early',
      'Filter Late',
    ])
    expect((await page('q=filter%20other')).total).toBe(3)
    const bad = await w.json('GET', '/api/app/projects?projectStatus=paused', w.adminA, w.a.slug)
    expect([bad.status, Object.keys((await body<ErrorBody>(bad)).details?.fields ?? {})]).toEqual([
      400,
      ['projectStatus'],
    ])
  })

  it('soft-deletes and restores, and keeps projects of a deleted client until it comes back', async () => {
    const owner = await newClient(w.adminA, 'Restore Owner Co')
    const p = await created(w.adminA, { clientId: owner.id, name: 'Restore Me' })
    expect(
      (await body<Project>(await w.json('DELETE', `/api/app/projects/${p.id}`, w.adminA, w.a.slug)))
        .deletedAt,
    ).not.toBeNull()
    expect((await page(`clientId=${owner.id}`)).total).toBe(0)
    expect((await page(`clientId=${owner.id}&status=deleted`)).items.map((x) => x.id)).toEqual([
      p.id,
    ])
    await w.json('DELETE', `/api/app/clients/${owner.id}`, w.adminA, w.a.slug)
    const orphan = await w.json('POST', `/api/app/projects/${p.id}/restore`, w.adminA, w.a.slug)
    expect([orphan.status, (await body<ErrorBody>(orphan)).code]).toEqual([409, 'CLIENT_DELETED'])
    const onDeleted = await create(w.adminA, { clientId: owner.id, name: 'Too Late' })
    expect([onDeleted.status, await body<ErrorBody>(onDeleted)]).toEqual([
      409,
      expect.objectContaining({
        code: 'CLIENT_DELETED',
        details: { fields: { clientId: [expect.any(String)] } },
      }),
    ])
    await w.json('POST', `/api/app/clients/${owner.id}/restore`, w.adminA, w.a.slug)
    const restored = await w.json('POST', `/api/app/projects/${p.id}/restore`, w.adminA, w.a.slug)
    expect([restored.status, (await body<Project>(restored)).deletedAt]).toEqual([200, null])
  })

  it('names invalid fields', async () => {
    const res = await create(w.adminA, {
      clientId: client.id,
      name: '',
      budget: 10.005,
      dueDate: '2026-02-30',
      status: 'paused',
    })
    const error = await body<ErrorBody>(res)
    expect([res.status, Object.keys(error.details?.fields ?? {}).sort()]).toEqual([
      400,
      ['budget', 'dueDate', 'name', 'status'],
    ])
    expect(
      (await create(w.adminA, { clientId: client.id, name: 'Negative', budget: -1 })).status,
    ).toBe(400)
  })

  it("treats another tenant's client and project as unknown", async () => {
    const bClient = await newClient(w.adminB, 'B Project Client', w.b.slug)
    const bProject = await body<Project>(
      await w.json('POST', '/api/app/projects', w.adminB, w.b.slug, {
        clientId: bClient.id,
        name: 'B Secret Project',
      }),
    )
    const attach = await create(w.adminA, { clientId: bClient.id, name: 'Smuggled' })
    expect([attach.status, await body<ErrorBody>(attach)]).toEqual([
      404,
      expect.objectContaining({
        code: 'CLIENT_NOT_FOUND',
        details: { fields: { clientId: [expect.any(String)] } },
      }),
    ])
    const mine = await created(w.adminA, { clientId: client.id, name: 'Stay Home' })
    const move = await w.json('PATCH', `/api/app/projects/${mine.id}`, w.adminA, w.a.slug, {
      clientId: bClient.id,
    })
    expect([move.status, (await body<ErrorBody>(move)).code]).toEqual([404, 'CLIENT_NOT_FOUND'])
    for (const [method, path] of [
      ['GET', ''],
      ['PATCH', ''],
      ['DELETE', ''],
      ['POST', '/restore'],
    ] as const) {
      const res = await w.json(
        method,
        `/api/app/projects/${bProject.id}${path}`,
        w.adminA,
        w.a.slug,
        method === 'PATCH' ? { name: 'x' } : undefined,
      )
      expect([method, path, res.status]).toEqual([method, path, 404])
    }
    expect((await page(`clientId=${bClient.id}`)).total).toBe(0)
    const inB = await w.t.host.platform.database.withSettings({ 'app.tenant_id': w.b.id }, (trx) =>
      trx.selectFrom('app_projects').select(['name', 'client_id', 'deleted_at']).execute(),
    )
    expect(inB).toEqual([{ name: 'B Secret Project', client_id: bClient.id, deleted_at: null }])
  })
})

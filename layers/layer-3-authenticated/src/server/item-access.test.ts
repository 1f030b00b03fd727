import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS, type SignedIn } from '@stratum/host-backend/testing'
import type { Client, ClientPage, ItemAccess, Project, ProjectPage } from '../shared/index.ts'
import { body, createAppWorld, type World } from '../../test/app-harness.ts'

const NONE: ItemAccess = { edit: false, delete: false, share: false }
const ALL: ItemAccess = { edit: true, delete: true, share: true }

describe.each(TEST_TARGETS)('what a client or project says its reader may do, on %s', (target) => {
  let w: World
  const createClient = async (who: SignedIn, name: string) => {
    const res = await w.json('POST', '/api/app/clients', who, w.a.slug, { name })
    expect(res.status).toBe(201)
    return body<Client>(res)
  }
  const share = async (
    who: SignedIn,
    type: 'client' | 'project',
    id: string,
    flags: { canEdit?: boolean; canDelete?: boolean; expiresAt?: string },
  ) => {
    const res = await w.json('POST', '/api/tenants/policies', w.adminA, w.a.slug, {
      userId: who.userId,
      resourceType: type,
      resourceId: id,
      ...flags,
    })
    expect(res.status).toBe(201)
  }
  const readClient = async (who: SignedIn, id: string) =>
    body<Client>(await w.json('GET', `/api/app/clients/${id}`, who, w.a.slug))
  const listed = async (who: SignedIn, q: string) => {
    const res = await w.json('GET', `/api/app/clients?q=${q}`, who, w.a.slug)
    expect(res.status).toBe(200)
    return Object.fromEntries((await body<ClientPage>(res)).items.map((c) => [c.name, c.access]))
  }
  /** What PATCH and DELETE answer: the check the flags must agree with. */
  const tried = async (who: SignedIn, path: string) => ({
    edit: (await w.json('PATCH', path, who, w.a.slug, {})).status === 200,
    delete: (await w.json('DELETE', path, who, w.a.slug)).status === 200,
  })

  beforeAll(async () => {
    w = await createAppWorld(target)
  })
  afterAll(() => w?.t.close())

  it('follows the role, own scope and live shares, in lists and on the detail read, as PATCH and DELETE do', async () => {
    const viewed = await createClient(w.adminA, 'Access Viewed Co')
    const edited = await createClient(w.adminA, 'Access Edited Co')
    const expired = await createClient(w.adminA, 'Access Expired Co')
    const own = await createClient(w.userA, 'Access Own Co')
    await share(w.viewerA, 'client', viewed.id, {})
    await share(w.viewerA, 'client', edited.id, { canEdit: true })
    await share(w.viewerA, 'client', expired.id, { canEdit: true, canDelete: true })
    await w.t.host.platform.database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      trx
        .updateTable('resource_policies')
        .set({ expires_at: new Date(Date.now() - 60_000) })
        .where('resource_id', '=', expired.id)
        .execute(),
    )

    // A viewer: a view share gives no action, an edit share gives Edit, an expired share nothing.
    expect(await listed(w.viewerA, 'Access')).toEqual({
      'Access Viewed Co': NONE,
      'Access Edited Co': { ...NONE, edit: true },
      'Access Expired Co': NONE,
      'Access Own Co': NONE,
    })
    expect((await readClient(w.viewerA, edited.id)).access).toEqual({ ...NONE, edit: true })
    expect(await tried(w.viewerA, `/api/app/clients/${viewed.id}`)).toEqual({
      edit: false,
      delete: false,
    })
    expect(await tried(w.viewerA, `/api/app/clients/${expired.id}`)).toEqual({
      edit: false,
      delete: false,
    })
    const patch = await w.json('PATCH', `/api/app/clients/${edited.id}`, w.viewerA, w.a.slug, {
      notes: 'Edited through a share',
    })
    expect([patch.status, (await body<Client>(patch)).access.edit]).toEqual([200, true])

    // A user edits what they created, not the rest; the admin may do everything.
    expect(await listed(w.userA, 'Access')).toMatchObject({
      'Access Own Co': { ...NONE, edit: true },
      'Access Viewed Co': NONE,
    })
    expect((await readClient(w.userA, own.id)).access).toEqual({ ...NONE, edit: true })
    expect(Object.values(await listed(w.adminA, 'Access'))).toEqual([ALL, ALL, ALL, ALL])

    // A delete share on a project: the project's own answer and its list say so.
    const project = await body<Project>(
      await w.json('POST', '/api/app/projects', w.adminA, w.a.slug, {
        clientId: viewed.id,
        name: 'Access Shared Project',
      }),
    )
    expect(project.access).toEqual(ALL)
    await share(w.viewerA, 'project', project.id, {
      canDelete: true,
      expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
    })
    const projects = await body<ProjectPage>(
      await w.json('GET', `/api/app/projects?clientId=${viewed.id}`, w.viewerA, w.a.slug),
    )
    expect(projects.items.map((p) => p.access)).toEqual([{ ...NONE, delete: true }])
    const deleted = await w.json('DELETE', `/api/app/projects/${project.id}`, w.viewerA, w.a.slug)
    expect([deleted.status, (await body<Project>(deleted)).access]).toEqual([
      200,
      { ...NONE, delete: true },
    ])
  })
})

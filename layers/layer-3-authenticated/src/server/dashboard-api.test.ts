import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signIn, TEST_TARGETS, type SignedIn } from '@stratum/host-backend/testing'
import type { Client, Dashboard, Project } from '../shared/index.ts'
import { body, createAppWorld, uniqueEmail, type World } from '../../test/app-harness.ts'

describe.each(TEST_TARGETS)('dashboard on %s', (target) => {
  let w: World
  const post = async <T>(who: SignedIn, path: string, fields: Record<string, unknown>) => {
    const res = await w.json('POST', path, who, w.a.slug, fields)
    expect(res.status).toBe(201)
    return body<T>(res)
  }
  const dashboard = async (who: SignedIn, tenant = w.a.slug) => {
    const res = await w.json('GET', '/api/app/dashboard', who, tenant)
    expect(res.status).toBe(200)
    return body<Dashboard>(res)
  }

  beforeAll(async () => {
    w = await createAppWorld(target)
  })
  afterAll(() => w?.t.close())

  it('counts live clients, projects by status and members, and lists the last 10 changes', async () => {
    const empty = await dashboard(w.viewerA)
    expect(empty).toEqual({
      clients: { active: 0 },
      projects: { planned: 0, active: 0, done: 0, total: 0 },
      members: 3,
      recentActivity: [],
    })

    const clients: Client[] = []
    for (const name of ['Dash One', 'Dash Two', 'Dash Three'])
      clients.push(await post<Client>(w.adminA, '/api/app/clients', { name }))
    const [one, two, three] = clients as [Client, Client, Client]
    for (const [name, status] of [
      ['P planned 1', 'planned'],
      ['P planned 2', 'planned'],
      ['P active', 'active'],
      ['P done', 'done'],
      ['P gone', 'active'],
    ]) {
      await post<Project>(w.userA, '/api/app/projects', { clientId: one.id, name, status })
    }
    const gone = (
      await body<{ items: Project[] }>(
        await w.json('GET', '/api/app/projects?q=gone', w.adminA, w.a.slug),
      )
    ).items[0]!
    await w.json('DELETE', `/api/app/projects/${gone.id}`, w.adminA, w.a.slug)
    await w.json('DELETE', `/api/app/clients/${three.id}`, w.adminA, w.a.slug)
    await w.json('PATCH', `/api/app/clients/${two.id}`, w.adminA, w.a.slug, {
      notes: 'Changed last',
    })
    // Another tenant's data never counts.
    await w.json('POST', '/api/app/clients', w.adminB, w.b.slug, { name: 'B Dash Client' })

    const d = await dashboard(w.viewerA)
    expect([d.clients, d.projects, d.members]).toEqual([
      { active: 2 },
      { planned: 2, active: 1, done: 1, total: 4 },
      3,
    ])
    expect(d.recentActivity).toHaveLength(8)
    expect(d.recentActivity[0]).toMatchObject({
      type: 'client',
      id: two.id,
      name: 'Dash Two',
      action: 'updated',
      createdBy: w.adminA.userId,
    })
    expect(d.recentActivity[1]).toMatchObject({ type: 'client', id: three.id, action: 'deleted' })
    expect(d.recentActivity.find((a) => a.id === one.id)?.action).toBe('created')
    expect(d.recentActivity.map((a) => a.at)).toEqual(
      d.recentActivity
        .map((a) => a.at)
        .sort()
        .reverse(),
    )
    expect(JSON.stringify(d)).not.toContain('B Dash Client')

    for (let i = 0; i < 5; i++)
      await post<Client>(w.adminA, '/api/app/clients', { name: `Dash Extra ${i}` })
    const newest = await dashboard(w.adminA)
    expect(newest.recentActivity.map((a) => a.name)).toEqual([
      'Dash Extra 4',
      'Dash Extra 3',
      'Dash Extra 2',
      'Dash Extra 1',
      'Dash Extra 0',
      'Dash Two',
      'Dash Three',
      'P gone',
      'P done',
      'P active',
    ])
    expect((await dashboard(w.adminB, w.b.slug)).clients.active).toBe(1)
  })

  it('counts only what a role may see', async () => {
    await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
      key: 'dash-reporter',
      name: 'Dash reporter',
      permissions: ['report.view'],
    })
    const reporter = await signIn(w.t, uniqueEmail('dash-reporter'))
    await w.addTo(w.a, reporter, 'dash-reporter')
    const d = await dashboard(reporter)
    expect([d.clients.active, d.projects.total, d.recentActivity, d.members]).toEqual([0, 0, [], 4])
  })
})

import { afterEach, describe, expect, it } from 'vitest'
import { visibleSections } from '../dashboard/dashboard-sections.ts'
import { membership, settle, startAppTest, type AppTest } from '../testing/app-test-kit.ts'

let app: AppTest | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const DASHBOARD = {
  clients: { active: 4 },
  projects: { planned: 1, active: 2, done: 3, total: 6 },
  members: 3,
  recentActivity: [
    {
      type: 'client',
      id: 'c1',
      name: 'Initech',
      action: 'updated',
      at: '2026-01-02T10:00:00.000Z',
      createdBy: null,
    },
    {
      type: 'project',
      id: 'p1',
      name: 'Rollout',
      action: 'created',
      at: '2026-01-01T10:00:00.000Z',
      createdBy: null,
    },
  ],
}
const handle = (r: { path: string }) =>
  r.path === '/api/app/dashboard'
    ? ([200, DASHBOARD] as [number, unknown])
    : r.path === '/api/app/settings/tenant'
      ? ([
          200,
          { name: 'Acme Corporation', displayName: 'Acme', theme: null, availableThemes: [] },
        ] as [number, unknown])
      : undefined
const text = (testid: string) =>
  app!.el.querySelector(`[data-testid="${testid}"]`)?.textContent ?? null

describe('dashboard', () => {
  it('shows the tenant’s counts under its display name, and the recent activity', async () => {
    app = await startAppTest({ handle })
    expect(app.el.querySelector('h1')?.textContent).toBe('Dashboard of Acme')
    expect(text('stat-clients')).toContain('4')
    expect(text('stat-projects')).toContain('1 planned, 2 active, 3 done')
    expect(text('stat-members')).toContain('3')
    const items = [...app.el.querySelectorAll('[data-testid="activity"] li a')].map((a) =>
      a.textContent?.trim(),
    )
    expect(items).toEqual(['Client “Initech” changed', 'Project “Rollout” created'])
  })

  it('points a new tenant at its first client instead of a row of zeros', async () => {
    const empty = {
      ...DASHBOARD,
      clients: { active: 0 },
      projects: { planned: 0, active: 0, done: 0, total: 0 },
      recentActivity: [],
    }
    const emptyHandle = (r: { path: string }) =>
      r.path === '/api/app/dashboard' ? ([200, empty] as [number, unknown]) : handle(r)
    app = await startAppTest({ handle: emptyHandle })
    const cta = app.el.querySelector<HTMLAnchorElement>('[data-testid="dashboard-empty"] a')
    expect(text('dashboard-empty')).toContain('Start with your first client')
    expect(cta?.textContent?.trim()).toBe('Add a client')
    expect(cta?.getAttribute('href')).toBe('/clients/new')
    app.unmount()

    app = await startAppTest({
      memberships: [membership('acme', 'Acme Corporation', ['client.view', 'project.view'])],
      handle: emptyHandle,
    })
    expect(text('dashboard-empty')).toContain('as soon as someone adds them')
    expect(app.el.querySelector('[data-testid="dashboard-empty"] a')).toBeNull()
    app.unmount()

    app = await startAppTest({ handle })
    expect(text('dashboard-empty')).toBeNull()
  })

  it('hides the sections the role cannot see', async () => {
    app = await startAppTest({
      memberships: [membership('acme', 'Acme Corporation', ['project.view'])],
      handle,
    })
    expect(text('stat-clients')).toBeNull()
    expect(text('stat-projects')).not.toBeNull()
  })

  it('leads a user in no tenant to the overview, which says how to join one', async () => {
    app = await startAppTest({ memberships: [], handle })
    await settle()
    expect(app.router.currentRoute.value.name).toBe('multitenant.overview')
    expect(text('no-tenants')).toContain('You are not a member of any tenant yet.')
    expect(app.seen.some((r) => r.path === '/api/app/dashboard')).toBe(false)
  })
})

describe('visibleSections', () => {
  it('hides a section whose data layer is off', () => {
    const all = () => true
    expect([...visibleSections(all, all)]).toEqual(['clients', 'projects', 'members', 'activity'])
    const noMultitenant = (layer: string) => layer !== 'multitenant'
    expect(visibleSections(noMultitenant, all).has('members')).toBe(false)
    expect(visibleSections(noMultitenant, all).has('clients')).toBe(true)
  })
})

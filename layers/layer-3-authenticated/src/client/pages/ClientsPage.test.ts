import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  failure,
  membership,
  settle,
  startAppTest,
  type AppTest,
  type SeenRequest,
} from '../testing/app-test-kit.ts'

let app: AppTest | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const ALL = { edit: true, delete: true, share: true }
const NONE = { edit: false, delete: false, share: false }
const client = (i: number, extra: Record<string, unknown> = {}) => ({
  id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
  name: `Client ${i}`,
  email: null,
  phone: null,
  notes: null,
  projectCount: i % 3,
  createdBy: 'user-other',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  deletedAt: null,
  access: ALL,
  ...extra,
})
/** 60 clients, paged and filtered like the server does; each says the user may do `access`. */
function clientsBackend(deleted = new Set<string>(), access = ALL) {
  const all = Array.from({ length: 60 }, (_, i) => client(i + 1, { access }))
  return (r: SeenRequest) => {
    if (r.path === '/api/app/clients' && r.method === 'GET') {
      const page = Number(r.query.get('page'))
      const size = Number(r.query.get('pageSize'))
      const q = r.query.get('q') ?? ''
      const status = r.query.get('status')
      const rows = all
        .map((c) => (deleted.has(c.id) ? { ...c, deletedAt: '2026-01-03T00:00:00.000Z' } : c))
        .filter((c) => c.name.includes(q))
        .filter((c) =>
          status === 'all' ? true : status === 'deleted' ? c.deletedAt : !c.deletedAt,
        )
      return [
        200,
        {
          items: rows.slice((page - 1) * size, page * size),
          total: rows.length,
          page,
          pageSize: size,
        },
      ] as [number, unknown]
    }
    const id = /^\/api\/app\/clients\/([^/]+)(\/restore)?$/.exec(r.path)
    if (id && r.method === 'DELETE') {
      deleted.add(id[1]!)
      return [
        200,
        { ...all.find((c) => c.id === id[1]), deletedAt: '2026-01-03T00:00:00.000Z' },
      ] as [number, unknown]
    }
    if (id?.[2] && r.method === 'POST') {
      deleted.delete(id[1]!)
      return [200, all.find((c) => c.id === id[1])] as [number, unknown]
    }
    return undefined
  }
}
const lists = () => app!.seen.filter((r) => r.method === 'GET' && r.path === '/api/app/clients')
const lastQuery = () => Object.fromEntries(lists().at(-1)!.query)
const rows = () =>
  [...app!.el.querySelectorAll('[data-testid="clients-table"] tbody th a')].map((a) =>
    a.textContent?.trim(),
  )
const button = (name: string) =>
  [...app!.el.querySelectorAll<HTMLElement>('button, a')].find(
    (b) => (b.getAttribute('aria-label') ?? b.textContent?.trim()) === name,
  )
function select(label: string, value: string) {
  const id = [...app!.el.querySelectorAll('label')].find(
    (l) => l.textContent?.trim() === label,
  )!.htmlFor
  const el = document.getElementById(id) as HTMLSelectElement
  el.value = value
  el.dispatchEvent(new Event('change'))
}

describe('clients page', () => {
  it('asks the server for one page at a time and follows search, filter, sort and pages in the URL', async () => {
    app = await startAppTest({ path: '/clients', handle: clientsBackend() })
    expect(lastQuery()).toEqual({
      page: '1',
      pageSize: '25',
      sort: 'name',
      order: 'asc',
      status: 'active',
    })
    expect(rows()).toHaveLength(25)
    expect(app.el.querySelector('[data-testid="list-range"]')?.textContent).toBe(
      'Showing 1–25 of 60',
    )

    button('Next page')!.click()
    await settle()
    expect(app.router.currentRoute.value.query).toEqual({ page: '2' })
    expect(lastQuery().page).toBe('2')

    select('Sort by', 'createdAt-desc')
    await settle()
    expect(lastQuery()).toMatchObject({ page: '1', sort: 'createdAt', order: 'desc' })

    const search = app.el.querySelector<HTMLInputElement>('input[type="search"]')!
    search.value = 'Client 5'
    search.dispatchEvent(new Event('input'))
    search.form!.dispatchEvent(new Event('submit'))
    await settle()
    expect(lastQuery()).toMatchObject({ q: 'Client 5' })
    expect(rows()).toEqual(['Client 5', ...Array.from({ length: 10 }, (_, i) => `Client 5${i}`)])
    expect(app.router.currentRoute.value.query).toEqual({ q: 'Client 5', sort: 'createdAt-desc' })
  })

  it('deletes, offers to undo, and restores from the deleted filter', async () => {
    app = await startAppTest({ path: '/clients?q=Client 1', handle: clientsBackend() })
    expect(rows()).toContain('Client 1')
    button('Delete Client 1')!.click()
    await settle()
    const status = app.el.querySelector('[data-testid="status"]')!
    expect(status.textContent).toContain('Client “Client 1” deleted.')
    expect(rows()).not.toContain('Client 1')

    select('Show', 'deleted')
    await settle()
    expect(lastQuery().status).toBe('deleted')
    expect(rows()).toEqual(['Client 1'])
    button('Restore Client 1')!.click()
    await settle()
    expect(status.textContent).toContain('Client “Client 1” restored.')
    expect(app.seen.some((r) => r.method === 'POST' && r.path.endsWith('/restore'))).toBe(true)
  })

  it('hides the actions the role and the rows do not allow', async () => {
    app = await startAppTest({
      path: '/clients',
      memberships: [membership('acme', 'Acme Corporation', ['client.view'])],
      handle: clientsBackend(new Set(), NONE),
    })
    expect(rows()).toHaveLength(25)
    expect(button('New client')).toBeUndefined()
    expect(app.el.querySelectorAll('[data-testid="clients-table"] tbody button')).toHaveLength(0)
    expect(button('Edit Client 1')).toBeUndefined()
  })

  it('offers on each row what the server says the user may do with it, not a guess from the role', async () => {
    const backend = clientsBackend()
    app = await startAppTest({
      path: '/clients?q=Client 2',
      // The role grants nothing beyond viewing; an edit share on Client 2 lets them edit it.
      memberships: [membership('acme', 'Acme Corporation', ['client.view'])],
      handle: (r) =>
        r.path === '/api/app/clients' && r.method === 'GET'
          ? [
              200,
              {
                items: [
                  client(2, { access: { ...NONE, edit: true } }),
                  client(20, { createdBy: 'user-ana', access: NONE }),
                ],
                total: 2,
                page: 1,
                pageSize: 25,
              },
            ]
          : backend(r),
    })
    expect(button('Edit Client 2')).toBeDefined()
    expect(button('Delete Client 2')).toBeUndefined()
    expect(button('Edit Client 20')).toBeUndefined()
    expect(button('Delete Client 20')).toBeUndefined()
  })

  it('has an empty state that offers the first client, and an error state with the request id', async () => {
    let fail = false
    app = await startAppTest({
      path: '/clients',
      handle: (r) =>
        r.path === '/api/app/clients'
          ? fail
            ? failure(503, 'NOT_READY')
            : [200, { items: [], total: 0, page: 1, pageSize: 25 }]
          : undefined,
    })
    const empty = app.el.querySelector('[data-testid="clients-empty"]')!
    expect(empty.textContent).toContain('There are no clients yet.')
    expect(empty.querySelector('a')?.textContent?.trim()).toBe('Create the first client')

    fail = true
    await app.router.push('/clients?page=2')
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="request-id"]')?.textContent).toBe(
        'req-not_ready',
      ),
    )
  })
})

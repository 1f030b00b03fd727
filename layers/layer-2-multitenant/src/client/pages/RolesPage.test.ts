import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { TENANT_STORAGE_KEY } from '../stores/saved-tenant.ts'
import { startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import {
  GLOBEX,
  startTenantTestBackend,
  type TenantTestBackend,
} from '../testing/tenant-test-backend.ts'

let backend: TenantTestBackend
let app: TenantTestApp | undefined
beforeAll(async () => {
  backend = await startTenantTestBackend()
})
afterAll(() => backend.close())
beforeEach(() => backend.reset())
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

async function openGrid() {
  app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin/roles' })
  return vi.waitFor(() => {
    const grid = app!.el.querySelector<HTMLTableElement>('[data-testid="roles-grid"]')
    if (!grid) throw new Error('no grid yet')
    return grid
  })
}
const box = (grid: HTMLElement, permission: string, role: string) =>
  grid.querySelector<HTMLInputElement>(`input[aria-label="${permission} for ${role}"]`)!
const ticked = (grid: HTMLElement, role: string) =>
  [...grid.querySelectorAll<HTMLTableRowElement>('tbody tr')]
    .filter((row) => box(row, row.dataset.permission!, role).checked)
    .map((row) => row.dataset.permission)

describe('RolesPage', () => {
  it('renders permissions as rows and roles as columns, wildcards ticked, system roles read-only', async () => {
    const grid = await openGrid()
    const columns = [...grid.querySelectorAll('thead th[data-role]')].map((th) =>
      th.getAttribute('data-role'),
    )
    expect(columns).toEqual(['account_admin', 'user', 'viewer', 'auditor'])
    const rows = [...grid.querySelectorAll('tbody th[scope="row"] code')].map((c) => c.textContent)
    expect(rows).toEqual([
      'report.export',
      'report.view',
      'settings.manage',
      'user.invite',
      'user.view',
    ])
    // `user.*` and `report.*` of the account admin tick every user and report row.
    expect(ticked(grid, 'Account admin')).toEqual(rows)
    expect(ticked(grid, 'Viewer')).toEqual(['report.view'])
    expect(box(grid, 'user.view', 'Account admin').disabled).toBe(true)
    expect(box(grid, 'user.view', 'Auditor').disabled).toBe(false)
    // Known permissions are described in the user's language, others as the server says.
    expect(grid.querySelector('tr[data-permission="user.view"] th')?.textContent).toContain(
      'See the members of the tenant',
    )
  })

  it('saves a custom role when a box is toggled', async () => {
    const grid = await openGrid()
    box(grid, 'user.view', 'Auditor').click()
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="status"]')?.textContent).toBe('Auditor saved.'),
    )
    expect(backend.seen.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/tenants/roles/role-auditor',
      body: { permissions: ['report.view', 'user.view'] },
    })
    expect(ticked(grid, 'Auditor')).toEqual(['report.view', 'user.view'])

    box(grid, 'report.view', 'Auditor').click()
    await vi.waitFor(() =>
      expect(backend.seen.at(-1)!.body).toEqual({ permissions: ['user.view'] }),
    )
    await vi.waitFor(() => expect(ticked(grid, 'Auditor')).toEqual(['user.view']))
  })

  it('puts the box back and says why when the server refuses', async () => {
    const grid = await openGrid()
    backend.state.failures['PATCH /api/tenants/roles/role-auditor'] = [403, 'PERMISSION_DENIED']
    box(grid, 'report.export', 'Auditor').click()
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="action-error"]')?.textContent).toContain(
        'Your role does not allow this',
      ),
    )
    expect(box(grid, 'report.export', 'Auditor').checked).toBe(false)
  })

  it('is read-only for a role without settings.manage', async () => {
    backend.state.memberships[1]!.permissions = ['user.view']
    localStorage.setItem(TENANT_STORAGE_KEY, GLOBEX.id)
    const grid = await openGrid()
    expect(app!.el.querySelector('[data-testid="read-only"]')).not.toBeNull()
    expect([...grid.querySelectorAll('input')].every((input) => input.disabled)).toBe(true)
    expect(app!.el.querySelector('[data-testid="role-form"]')).toBeNull()
  })

  it('shows the error view with the request id when the roles cannot be loaded', async () => {
    backend.state.failures['GET /api/tenants/roles'] = [500, 'INTERNAL_ERROR']
    app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin/roles' })
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="request-id"]')?.textContent).toBe(
        'req-internal_error',
      ),
    )
  })
})

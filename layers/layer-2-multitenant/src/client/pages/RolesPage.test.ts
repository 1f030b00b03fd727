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
/** What each catalogue permission is called on the page (layer 2's own en-US messages). */
const PHRASES: Record<string, string> = {
  'report.export': 'Export reports',
  'report.view': 'See reports',
  'settings.manage': 'Change tenant settings, custom roles and permissions',
  'user.invite': 'Invite people to the tenant',
  'user.view': 'See the members of the tenant',
}
const box = (grid: HTMLElement, permission: string, role: string) =>
  grid.querySelector<HTMLInputElement>(`input[aria-label="${PHRASES[permission]} for ${role}"]`)
/** The column of a role, counting the row header as 0. */
const column = (grid: HTMLElement, role: string) =>
  [...grid.querySelectorAll('thead th')].findIndex(
    (th) => th.querySelector('.roles-grid__role')?.textContent === role,
  )
const cell = (grid: HTMLElement, permission: string, role: string) =>
  grid.querySelector<HTMLTableRowElement>(`tr[data-permission="${permission}"]`)!.cells[
    column(grid, role)
  ]!
const ticked = (grid: HTMLElement, role: string) =>
  [...grid.querySelectorAll<HTMLTableRowElement>('tbody tr')]
    .filter((row) => row.cells[column(grid, role)]!.dataset.granted === 'yes')
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
    // A system role's cells are read-only marks that say in words whether the role has it.
    expect(box(grid, 'user.view', 'Account admin')).toBeNull()
    expect(cell(grid, 'user.view', 'Account admin').textContent?.trim()).toBe('✓Granted')
    expect(cell(grid, 'user.view', 'Viewer').textContent?.trim()).toBe('–Not granted')
    expect(box(grid, 'user.view', 'Auditor')!.disabled).toBe(false)
    expect(box(grid, 'report.view', 'Auditor')!.checked).toBe(true)
    // Rows say what the permission allows, with the key as a small hint.
    const header = grid.querySelector('tr[data-permission="settings.manage"] th')!
    expect(header.querySelector('.roles-grid__phrase')?.textContent).toBe(
      'Change tenant settings, custom roles and permissions',
    )
    expect(header.querySelector('code')?.textContent).toBe('settings.manage')
  })

  it('saves a custom role when a box is toggled', async () => {
    const grid = await openGrid()
    box(grid, 'user.view', 'Auditor')!.click()
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="status"]')?.textContent).toBe('Auditor saved.'),
    )
    expect(backend.seen.at(-1)).toMatchObject({
      method: 'PATCH',
      path: '/api/tenants/roles/role-auditor',
      body: { permissions: ['report.view', 'user.view'] },
    })
    expect(ticked(grid, 'Auditor')).toEqual(['report.view', 'user.view'])

    box(grid, 'report.view', 'Auditor')!.click()
    await vi.waitFor(() =>
      expect(backend.seen.at(-1)!.body).toEqual({ permissions: ['user.view'] }),
    )
    await vi.waitFor(() => expect(ticked(grid, 'Auditor')).toEqual(['user.view']))
  })

  it('puts the box back and says why when the server refuses', async () => {
    const grid = await openGrid()
    backend.state.failures['PATCH /api/tenants/roles/role-auditor'] = [403, 'PERMISSION_DENIED']
    box(grid, 'report.export', 'Auditor')!.click()
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="action-error"]')?.textContent).toContain(
        'Your role does not allow this',
      ),
    )
    expect(box(grid, 'report.export', 'Auditor')!.checked).toBe(false)
  })

  it('is read-only for a role without settings.manage', async () => {
    backend.state.memberships[1]!.permissions = ['user.view']
    localStorage.setItem(TENANT_STORAGE_KEY, GLOBEX.id)
    const grid = await openGrid()
    expect(app!.el.querySelector('[data-testid="read-only"]')).not.toBeNull()
    expect(grid.querySelectorAll('input')).toHaveLength(0)
    expect(ticked(grid, 'Auditor')).toEqual(['report.view'])
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

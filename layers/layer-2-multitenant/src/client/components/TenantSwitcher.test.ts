import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { TENANT_STORAGE_KEY } from '../stores/saved-tenant.ts'
import { startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import {
  ACME,
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

/** The switcher as the overview page shows it, with its label. */
async function openSwitcher() {
  app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin' })
  // The switcher is a lazy header item: give its chunk time to load the first time.
  const root = await vi.waitFor(
    () => {
      const found = app!.el.querySelector<HTMLElement>('[data-testid="tenant-switcher"]')
      if (!found?.querySelector('select')) throw new Error('no switcher yet')
      return found
    },
    { timeout: 5000 },
  )
  const select = root.querySelector('select')!
  return { root, select }
}
function choose(select: HTMLSelectElement, value: string) {
  select.value = value
  select.dispatchEvent(new Event('change'))
}

describe('TenantSwitcher', () => {
  it('is a select labelled "Tenant" listing my tenants, with the current one chosen', async () => {
    const { root, select } = await openSwitcher()
    const label = root.querySelector('label')!
    expect(label.textContent).toBe('Tenant')
    expect(label.htmlFor).toBe(select.id)
    expect([...select.options].map((o) => o.textContent)).toEqual(['Acme Corporation', 'Globex'])
    expect(select.value).toBe(ACME.id)
  })

  it('switches tenant and reloads my permissions from the server', async () => {
    const { root, select } = await openSwitcher()
    // My role in Globex changed since /mine: only /current knows.
    backend.state.freshPermissions[GLOBEX.id] = ['report.view', 'user.view']
    choose(select, GLOBEX.id)
    await vi.waitFor(() => expect(app!.tenant.current?.slug).toBe('globex'))

    // The workspace page reloads its Features list too: find the switch's own request.
    const asked = backend.seen.filter((r) => r.path === '/api/tenants/current').at(-1)
    expect(asked).toMatchObject({ path: '/api/tenants/current', tenant: GLOBEX.id })
    expect(app!.tenant.permissions).toEqual(['report.view', 'user.view'])
    expect(app!.tenant.can('user.view')).toBe(true)
    expect(localStorage.getItem(TENANT_STORAGE_KEY)).toBe(GLOBEX.id)
    await vi.waitFor(() =>
      expect(root.querySelector('[role="status"]')?.textContent).toBe(
        'You are now working in Globex.',
      ),
    )
    // Later requests carry the new tenant.
    await app!.api.get('/api/tenants/members')
    expect(backend.seen.at(-1)!.tenant).toBe(GLOBEX.id)
  })

  it('stays on the current tenant and says why when the switch is refused', async () => {
    const { root, select } = await openSwitcher()
    backend.state.inactive = [GLOBEX.id]
    choose(select, GLOBEX.id)
    await vi.waitFor(() =>
      expect(root.querySelector('[role="alert"]')?.textContent).toContain(
        'This tenant is inactive.',
      ),
    )
    expect(app!.tenant.current?.slug).toBe('acme')
    expect(select.value).toBe(ACME.id)
    expect(select.getAttribute('aria-describedby')).toBe(root.querySelector('[role="alert"]')!.id)
  })

  it('says so when I belong to no tenant', async () => {
    backend.state.memberships = []
    app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin' })
    await vi.waitFor(
      () =>
        expect(app!.el.querySelector('[data-testid="tenant-switcher"]')?.textContent).toContain(
          'You are not a member of any tenant.',
        ),
      { timeout: 5000 },
    )
    expect(app.el.querySelector('[data-testid="no-tenants"]')).not.toBeNull()
  })
})

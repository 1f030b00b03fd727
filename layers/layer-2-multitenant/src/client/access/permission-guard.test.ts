import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import {
  ACME,
  GLOBEX,
  startTenantTestBackend,
  type TenantTestBackend,
} from '../testing/tenant-test-backend.ts'
import { TENANT_STORAGE_KEY } from '../stores/saved-tenant.ts'

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

const boot = async (path: string) =>
  (app = await startTenantTestApp({ baseUrl: backend.url, path }))
const at = () => app!.router.currentRoute.value

describe('permissionGuard', () => {
  it('sends an anonymous visitor of a permission page to sign-in', async () => {
    backend.state.signedIn = false
    await boot('/admin/members')
    expect(at().name).toBe('auth.login')
    expect(at().query.redirect).toBe('/admin/members')
  })

  it('opens the page when my role in the current tenant has the permission', async () => {
    await boot('/admin/members')
    expect(at().name).toBe('multitenant.members')
    await vi.waitFor(() =>
      expect(app!.el.querySelector('h1')?.textContent).toBe('Members of Acme Corporation'),
    )
  })

  it('shows the not-allowed page when it does not, keeping where I wanted to go', async () => {
    localStorage.setItem(TENANT_STORAGE_KEY, GLOBEX.id)
    await boot('/admin/members')
    expect(at().name).toBe('multitenant.forbidden')
    expect(at().query.from).toBe('/admin/members')
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="forbidden"]')?.textContent).toContain(
        'Your role in Globex does not allow it.',
      ),
    )
    // Routes whose permission the viewer has still open.
    await app!.router.push('/reports')
    expect(at().name).toBe('test.reports')
  })

  it('leaves a page when a switch takes its permission away, and comes back after switching back', async () => {
    await boot('/admin/roles')
    expect(at().name).toBe('multitenant.roles')

    await app!.tenant.select(GLOBEX.id)
    await vi.waitFor(() => expect(at().name).toBe('multitenant.forbidden'))
    expect(at().query.from).toBe('/admin/roles')

    await app!.tenant.select(ACME.id)
    await vi.waitFor(() => expect(at().name).toBe('multitenant.roles'))
  })

  it('does not follow a `from` that leaves the app', async () => {
    localStorage.setItem(TENANT_STORAGE_KEY, GLOBEX.id)
    await boot('/forbidden?from=//evil.example/admin/members')
    await app!.tenant.select(ACME.id)
    await new Promise((resolve) => setTimeout(resolve, 20))
    expect(at().name).toBe('multitenant.forbidden')
  })
})

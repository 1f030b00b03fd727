import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import { startTenantTestBackend, type TenantTestBackend } from '../testing/tenant-test-backend.ts'

let backend: TenantTestBackend
let app: TenantTestApp | undefined
beforeAll(async () => {
  backend = await startTenantTestBackend()
})
afterAll(() => backend.close())
beforeEach(() => {
  backend.reset()
  backend.state.user.isSuperadmin = true
})
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

async function openTenants() {
  app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin/tenants' })
  await vi.waitFor(() => {
    if (!app!.el.querySelector('[data-testid="tenants-table"]')) throw new Error('not yet')
  })
  return app.el
}
const $ = <T extends Element = HTMLElement>(el: Element, selector: string) =>
  el.querySelector<T>(selector)!
const button = (el: Element, label: string) =>
  $<HTMLButtonElement>(el, `button[aria-label="${label}"]`)
const statusOf = (el: Element, slug: string) =>
  $(el, `tr[data-tenant="${slug}"] .mt-badge`).textContent?.trim()
function fill(form: Element, name: string, value: string) {
  const input = $<HTMLInputElement>(form, `input[name="${name}"]`)
  input.value = value
  input.dispatchEvent(new Event('input'))
}

describe('TenantsPage', () => {
  it('is only for a superadmin', async () => {
    backend.state.user.isSuperadmin = false
    app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin/tenants' })
    expect(app.router.currentRoute.value.name).toBe('multitenant.forbidden')
  })

  it('lists, deactivates, activates and deletes tenants', async () => {
    const el = await openTenants()
    expect([...el.querySelectorAll('tbody tr')].map((r) => r.getAttribute('data-tenant'))).toEqual([
      'acme',
      'globex',
    ])
    expect(statusOf(el, 'globex')).toBe('Active')

    button(el, 'Deactivate Globex').click()
    await vi.waitFor(() => expect(statusOf(el, 'globex')).toBe('Inactive'), { timeout: 5000 })
    expect($(el, '[data-testid="status"]').textContent).toBe('Globex is inactive.')
    // The row stays busy (its buttons disabled) until the request settles: a real user waits too.
    await vi.waitFor(
      () => expect((button(el, 'Activate Globex') as HTMLButtonElement).disabled).toBe(false),
      { timeout: 5000 },
    )
    button(el, 'Activate Globex').click()
    await vi.waitFor(() => expect(statusOf(el, 'globex')).toBe('Active'), { timeout: 5000 })

    await vi.waitFor(
      () => expect((button(el, 'Delete Globex') as HTMLButtonElement).disabled).toBe(false),
      { timeout: 5000 },
    )
    button(el, 'Delete Globex').click()
    await vi.waitFor(() =>
      expect(el.textContent).toContain('Delete Globex? Its members lose access at once.'),
    )
    // The confirm button has focus, so Enter or Space confirms from the keyboard.
    expect(document.activeElement?.textContent?.trim()).toBe('Yes, delete')
    ;(document.activeElement as HTMLButtonElement).click()
    await vi.waitFor(() => expect(statusOf(el, 'globex')).toBe('Deleted'), { timeout: 5000 })
    expect(backend.seen).toContainEqual(
      expect.objectContaining({
        method: 'DELETE',
        path: '/api/admin/multitenant/tenants/tenant-globex',
      }),
    )
    // Globex is one of my tenants: the switcher's list is loaded again after the delete.
    await vi.waitFor(() => expect(backend.seen.at(-1)!.path).toBe('/api/tenants/mine'), {
      timeout: 5000,
    })
  })

  it('creates a tenant, and shows a taken slug next to the slug field', async () => {
    const el = await openTenants()
    const form = $(el, '[data-testid="tenant-form"]')
    fill(form, 'name', 'Acme again')
    fill(form, 'slug', 'acme')
    form.dispatchEvent(new Event('submit'))
    await vi.waitFor(() =>
      expect($(form, '[data-testid="slug-error"]').textContent?.trim()).toBe(
        'Another tenant already uses this slug.',
      ),
    )
    expect($(form, 'input[name="slug"]').getAttribute('aria-invalid')).toBe('true')

    fill(form, 'slug', 'initech')
    fill(form, 'name', 'Initech')
    form.dispatchEvent(new Event('submit'))
    await vi.waitFor(() => expect(el.querySelector('tr[data-tenant="initech"]')).not.toBeNull())
    expect($(el, '[data-testid="status"]').textContent).toBe('Tenant Initech created.')
  })

  it('shows the empty state', async () => {
    backend.state.tenants = []
    app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin/tenants' })
    await vi.waitFor(() =>
      expect(app!.el.querySelector('[data-testid="tenants-empty"]')).not.toBeNull(),
    )
  })
})

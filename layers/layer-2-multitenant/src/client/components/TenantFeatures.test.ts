import { flushPromises } from '@vue/test-utils'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, vi } from 'vitest'
import { startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import {
  ACME,
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

async function openWorkspace() {
  app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin' })
  await vi.waitFor(() => {
    if (!app!.el.querySelector('[data-testid="current-role"]')) throw new Error('not yet')
  })
  // The features list loads after the page: wait for its answer to be rendered.
  await vi.waitFor(() => {
    if (!backend.seen.some((r) => r.path === '/api/tenants/layers')) throw new Error('not yet')
  })
  await flushPromises()
  return app.el
}

describe('the Features section of the workspace page', () => {
  it('lists the layers this tenant’s admins may switch, and switches one off', async () => {
    backend.state.tenantLayers[ACME.id] = [
      { id: 'authenticated', enabled: true, switchable: true },
      { id: 'logging', enabled: true, switchable: false },
    ]
    const el = await openWorkspace()
    const section = el.querySelector('[data-testid="features"]')!
    expect(section.textContent).toContain('authenticated')
    expect(section.textContent).not.toContain('logging')
    const toggle = section.querySelector<HTMLButtonElement>(
      '[data-testid="feature-authenticated"]',
    )!
    expect(toggle.getAttribute('aria-checked')).toBe('true')
    expect(toggle.textContent?.trim()).toBe('On')
    toggle.click()
    await vi.waitFor(() => {
      if (toggle.getAttribute('aria-checked') !== 'false') throw new Error('not yet')
    })
    expect(toggle.textContent?.trim()).toBe('Off')
    const put = backend.seen.find((r) => r.method === 'PUT')
    expect(put).toMatchObject({
      path: '/api/tenants/layers/authenticated',
      tenant: ACME.id,
      body: { enabled: false },
    })
  })

  it('shows the server’s sentence when it refuses', async () => {
    backend.state.tenantLayers[ACME.id] = [{ id: 'languages', enabled: true, switchable: true }]
    backend.state.failures['PUT /api/tenants/layers/languages'] = [409, 'LAYER_SWITCH_REFUSED']
    const el = await openWorkspace()
    el.querySelector<HTMLButtonElement>('[data-testid="feature-languages"]')!.click()
    await vi.waitFor(() => {
      if (!el.querySelector('[data-testid="features"] [role="alert"]')) throw new Error('not yet')
    })
    expect(el.querySelector('[data-testid="features"] [role="alert"]')!.textContent).toContain(
      'Failed with LAYER_SWITCH_REFUSED.',
    )
  })

  it('is left out when nothing may be switched (no layers.manage, or not allowed)', async () => {
    backend.state.tenantLayers[ACME.id] = [{ id: 'logging', enabled: true, switchable: false }]
    const el = await openWorkspace()
    expect(el.querySelector('[data-testid="features"]')).toBeNull()
    expect(backend.seen.some((r) => r.path === '/api/tenants/layers')).toBe(true)
  })
})

import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { settle, startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import {
  ACME,
  GLOBEX,
  startTenantTestBackend,
  type TenantTestBackend,
} from '../testing/tenant-test-backend.ts'
import { TENANT_STORAGE_KEY } from './saved-tenant.ts'

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

const boot = async () => (app = await startTenantTestApp({ baseUrl: backend.url }))

describe('useTenantStore', () => {
  it('loads my tenants after sign-in and selects the first one, saving it', async () => {
    const { tenant } = await boot()
    expect(tenant.status).toBe('ready')
    expect(tenant.tenants.map((t) => t.slug)).toEqual(['acme', 'globex'])
    expect(tenant.current?.slug).toBe('acme')
    expect(tenant.role?.key).toBe('account_admin')
    expect(tenant.can('user.manage')).toBe(true)
    expect(localStorage.getItem(TENANT_STORAGE_KEY)).toBe(ACME.id)
  })

  it('restores the saved tenant after a reload', async () => {
    const first = await boot()
    await first.tenant.select(GLOBEX.id)
    expect(localStorage.getItem(TENANT_STORAGE_KEY)).toBe(GLOBEX.id)
    first.unmount()

    // A new app, as after a page reload: only localStorage carries the choice over.
    const { tenant } = await boot()
    expect(tenant.current?.slug).toBe('globex')
    expect(tenant.role?.key).toBe('viewer')
    expect(tenant.can('user.view')).toBe(false)
  })

  it('falls back to the first tenant when the saved one is gone', async () => {
    localStorage.setItem(TENANT_STORAGE_KEY, GLOBEX.id)
    backend.state.memberships = backend.state.memberships.filter((m) => m.tenant.id !== GLOBEX.id)
    const { tenant } = await boot()
    expect(tenant.current?.slug).toBe('acme')
    expect(localStorage.getItem(TENANT_STORAGE_KEY)).toBe(ACME.id)
  })

  it('has no tenant when I belong to none', async () => {
    backend.state.memberships = []
    const { tenant } = await boot()
    expect(tenant.status).toBe('ready')
    expect(tenant.current).toBeUndefined()
    expect(tenant.can('report.view')).toBe(false)
  })

  it('drops a load that was still running when the session ended', async () => {
    const { tenant, session } = await boot()
    const running = tenant.load()
    session.clear()
    await running
    await settle()
    expect([tenant.status, tenant.tenants]).toEqual(['idle', []])
  })

  it('forgets the tenants on sign-out but keeps the saved choice for the next sign-in', async () => {
    const { tenant, session } = await boot()
    session.clear()
    await settle()
    expect([tenant.status, tenant.tenants, tenant.current]).toEqual(['idle', [], undefined])
    expect(localStorage.getItem(TENANT_STORAGE_KEY)).toBe(ACME.id)
  })

  it('keeps the previous tenant when the server refuses the switch', async () => {
    backend.state.inactive = [GLOBEX.id]
    const { tenant } = await boot()
    await expect(tenant.select(GLOBEX.id)).rejects.toMatchObject({ code: 'TENANT_INACTIVE' })
    expect(tenant.current?.slug).toBe('acme')
    expect(localStorage.getItem(TENANT_STORAGE_KEY)).toBe(ACME.id)
  })

  it('reports a failed load and recovers on retry', async () => {
    const { tenant } = await boot()
    backend.state.failures['GET /api/tenants/mine'] = [503, 'NOT_READY']
    await tenant.load()
    expect(tenant.status).toBe('failed')
    expect(tenant.error).toMatchObject({
      status: 503,
      code: 'NOT_READY',
      requestId: 'req-not_ready',
    })
    backend.state.failures = {}
    await tenant.load()
    expect(tenant.status).toBe('ready')
  })
})

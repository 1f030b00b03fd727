import { createApiClient } from '@stratum/layer-core/client'
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTenantTestBackend, type TenantTestBackend } from '../testing/tenant-test-backend.ts'
import { TENANT_HEADER } from './tenant-api.ts'
import { sendTenantHeader } from './tenant-header.ts'

let backend: TenantTestBackend
beforeAll(async () => {
  backend = await startTenantTestBackend()
})
afterAll(() => backend.close())
beforeEach(() => backend.reset())

describe('sendTenantHeader', () => {
  it('adds X-Tenant-ID only while a tenant is selected, and can be removed', async () => {
    const api = createApiClient({ baseUrl: backend.url })
    let selected: string | undefined
    const remove = sendTenantHeader(api, () => selected)

    await api.get('/api/tenants/mine')
    selected = 'tenant-acme'
    await api.get('/api/tenants/members')
    selected = 'tenant-globex'
    await api.get('/api/tenants/current')
    remove()
    await api.get('/api/tenants/mine')

    expect(backend.seen.map((r) => [r.path, r.tenant])).toEqual([
      ['/api/tenants/mine', undefined],
      ['/api/tenants/members', 'tenant-acme'],
      ['/api/tenants/current', 'tenant-globex'],
      ['/api/tenants/mine', undefined],
    ])
  })

  it('leaves a tenant header the caller set alone', async () => {
    const api = createApiClient({ baseUrl: backend.url })
    sendTenantHeader(api, () => 'tenant-acme')
    const current = await api.get<{ tenant: { slug: string } }>('/api/tenants/current', {
      headers: { [TENANT_HEADER]: 'globex' },
    })
    expect(backend.seen[0]!.tenant).toBe('globex')
    expect(current.tenant.slug).toBe('globex')
  })
})

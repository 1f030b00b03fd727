import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import { startTenantTestBackend, type TenantTestBackend } from '../testing/tenant-test-backend.ts'

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

describe('TenantOverviewPage', () => {
  it('lists my permissions in words, with the key as a hint, and patterns as what they cover', async () => {
    app = await startTenantTestApp({ baseUrl: backend.url, path: '/admin' })
    const item = (name: string) =>
      app!.el.querySelector<HTMLLIElement>(`li[data-permission="${name}"]`)
    expect(item('settings.manage')?.querySelector('span')?.textContent).toBe(
      'Change tenant settings, custom roles and permissions',
    )
    expect(item('settings.manage')?.querySelector('code')?.textContent).toBe('settings.manage')
    expect(item('user.*')?.querySelector('span')?.textContent).toBe('Everything on members')
    expect(item('report.*')?.querySelector('span')?.textContent).toBe('Everything on reports')
    // No layer in this app phrases clients: the key is all there is to show, once.
    expect(item('client.*')?.textContent?.trim()).toBe('client.*')
  })
})

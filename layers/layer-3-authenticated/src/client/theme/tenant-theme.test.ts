import { fakeThemeController } from '@stratum/layer-core/client/testing/fake-theme-controller.ts'
import { afterEach, describe, expect, it } from 'vitest'
import { ADMIN, membership, settle, startAppTest, type AppTest } from '../testing/app-test-kit.ts'

let app: AppTest | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const DASHBOARD = {
  clients: { active: 0 },
  projects: { planned: 0, active: 0, done: 0, total: 0 },
  members: 1,
  recentActivity: [],
}
const dashboardOnly = (r: { path: string }) =>
  r.path === '/api/app/dashboard' ? ([200, DASHBOARD] as [number, unknown]) : undefined
const SETTINGS = {
  name: 'Acme Corporation',
  displayName: null,
  theme: null,
  availableThemes: ['base', 'client-a', 'client-b'],
}

describe('tenant theme (detection step 2)', () => {
  it('hands the current tenant’s theme to the host after sign-in, and follows tenant switches', async () => {
    const control = fakeThemeController()
    const { calls } = control
    app = await startAppTest({
      themeController: control,
      memberships: [
        membership('acme', 'Acme Corporation', ADMIN, 'client-b'),
        membership('globex', 'Globex', ['project.view']),
      ],
      handle: dashboardOnly,
    })
    expect(calls).toContain('tenant:client-b')
    await app.tenant.select('tenant-globex')
    await settle()
    expect(calls.at(-1)).toBe('tenant:-')
  })

  it('forgets the tenant’s theme on sign-out', async () => {
    const control = fakeThemeController()
    const { calls } = control
    app = await startAppTest({
      themeController: control,
      memberships: [membership('acme', 'Acme Corporation', ADMIN, 'client-a')],
      handle: dashboardOnly,
    })
    expect(calls.at(-1)).toBe('tenant:client-a')
    await app.session.logout()
    await settle()
    expect(calls.at(-1)).toBe('tenant:-')
  })
})

describe('theme preview', () => {
  it('previews a theme from the settings, then saves it as the tenant’s from the bar', async () => {
    const control = fakeThemeController()
    const { calls } = control
    app = await startAppTest({
      path: '/settings',
      themeController: control,
      handle: (r) => {
        if (r.path !== '/api/app/settings/tenant') return undefined
        return r.method === 'PATCH'
          ? [200, { ...SETTINGS, ...(r.body as object) }]
          : [200, SETTINGS]
      },
    })
    const section = app.el.querySelector('[data-testid="tenant-settings"]')!
    const theme = section.querySelector<HTMLSelectElement>('select[name="theme"]')!
    expect([...theme.options].map((o) => o.value)).toEqual(['', 'base', 'client-a', 'client-b'])
    theme.value = 'client-a'
    theme.dispatchEvent(new Event('change'))
    await settle(1)
    section.querySelector<HTMLButtonElement>('[data-testid="preview-theme"]')!.click()
    await settle()
    expect(calls).toContain('preview:client-a')

    const bar = app.el.querySelector('[data-testid="preview-bar"]')!
    expect(bar.textContent).toContain('Previewing the theme “client-a” on your screen only.')
    const [save, cancel] = [...bar.querySelectorAll('button')]
    expect(cancel!.textContent?.trim()).toBe('Cancel preview')
    save!.click()
    await settle()
    const patch = app.seen.find(
      (r) => r.method === 'PATCH' && r.path === '/api/app/settings/tenant',
    )
    expect(patch?.body).toEqual({ theme: 'client-a' })
    expect(calls.slice(-2)).toEqual(['tenant:client-a', 'preview:-'])
    expect(app.el.querySelector('[data-testid="preview-bar"]')).toBeNull()
  })

  it('cancels a preview without saving anything', async () => {
    const control = fakeThemeController()
    const { calls } = control
    app = await startAppTest({
      path: '/settings',
      themeController: control,
      handle: (r) => (r.path === '/api/app/settings/tenant' ? [200, SETTINGS] : undefined),
    })
    await control.preview('client-b')
    await settle(1)
    const cancel = [
      ...app.el.querySelectorAll<HTMLButtonElement>('[data-testid="preview-bar"] button'),
    ].at(-1)!
    cancel.click()
    await settle()
    expect(calls.at(-1)).toBe('preview:-')
    expect(app.seen.some((r) => r.method === 'PATCH')).toBe(false)
  })

  it('offers no preview to a user without settings.manage', async () => {
    const control = fakeThemeController()
    app = await startAppTest({
      path: '/settings',
      themeController: control,
      memberships: [membership('acme', 'Acme Corporation', ['client.view'])],
    })
    expect(app.el.querySelector('[data-testid="tenant-settings"]')).toBeNull()
  })
})

import { routeShell, type ThemeConfig } from '@stratum/layer-core/client'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { ADMIN, membership, settle, startAppTest, type AppTest } from './testing/app-test-kit.ts'

let app: AppTest | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const empty = () => [200, { items: [], total: 0, page: 1, pageSize: 25 }] as [number, unknown]
const dashboard = () =>
  [
    200,
    {
      clients: { active: 0 },
      projects: { planned: 0, active: 0, done: 0, total: 0 },
      members: 1,
      recentActivity: [],
    },
  ] as [number, unknown]
const handle = (r: { path: string }) =>
  r.path === '/api/app/dashboard'
    ? dashboard()
    : r.path.startsWith('/api/app/') && !r.path.endsWith('/settings/user')
      ? empty()
      : undefined

describe('signed-in layout', () => {
  it('lists every layer’s navigation the user may open, and nothing else', async () => {
    app = await startAppTest({
      memberships: [
        membership('acme', 'Acme Corporation', ADMIN),
        membership('globex', 'Globex', ['project.view']),
      ],
      handle,
    })
    expect(app.el.querySelector('[data-testid="app-shell"]')).not.toBeNull()
    expect(app.sideNav()).toEqual([
      'Dashboard',
      'Clients',
      'Projects',
      'Overview',
      'Members',
      'Roles',
      'Settings',
      'My account',
    ])
    // In sections, each named, in the order workspace, administration, account.
    const sections = () =>
      [...app!.el.querySelectorAll('[data-testid="side-nav"] ul')].map((list) => [
        app!.el.querySelector(`#${list.getAttribute('aria-labelledby')}`)?.textContent?.trim(),
        list.querySelectorAll('a').length,
      ])
    expect(sections()).toEqual([
      ['Workspace', 3],
      ['Administration', 4],
      ['Account', 1],
    ])

    // In Globex the role only sees projects: the clients and admin links go, and so does the
    // administration section but for the tenant overview.
    await app.tenant.select('tenant-globex')
    await settle()
    expect(app.sideNav()).toEqual(['Dashboard', 'Projects', 'Overview', 'My account'])
  })

  it('starts a signed-in person at the first page they may open, from / and /app', async () => {
    app = await startAppTest({ path: '/app', handle })
    expect(app.router.currentRoute.value.name).toBe('authenticated.dashboard')
    await app.router.push('/')
    await settle()
    expect(app.router.currentRoute.value.name).toBe('authenticated.dashboard')
  })

  it('hides the pages of a tenant from someone in none, and starts them where they can act', async () => {
    app = await startAppTest({ path: '/app', memberships: [], handle })
    expect(app.sideNav()).toEqual(['Overview', 'My account'])
    expect(app.router.currentRoute.value.name).toBe('multitenant.overview')
    expect(app.el.querySelector('h1')?.textContent?.trim()).toBe('No workspace yet')
    expect(app.el.querySelector('[data-testid="join-help"]')?.textContent).toContain(
      'ask one of its administrators to invite you',
    )
    // An old link to a tenant's page leads to the same place, not to an empty page or an error.
    for (const path of ['/dashboard', '/clients', '/projects/new', '/settings', '/admin/members']) {
      await app.router.push(path)
      await settle()
      expect([path, app.router.currentRoute.value.name]).toEqual([path, 'multitenant.overview'])
    }
    // Nothing asked the server for a tenant's data (the user's own settings are not a tenant's).
    const tenantReads = app.seen.filter(
      (r) => r.path.startsWith('/api/app/') && r.path !== '/api/app/settings/user',
    )
    expect(tenantReads.map((r) => r.path)).toEqual([])
  })

  it('starts a superadmin in no tenant at platform administration, with the system console', async () => {
    app = await startAppTest({ path: '/app', memberships: [], superadmin: true, handle })
    expect(app.sideNav()).toEqual(['Overview', 'Tenants', 'System', 'My account'])
    expect(app.router.currentRoute.value.name).toBe('multitenant.overview')
    expect(app.el.querySelector('h1')?.textContent?.trim()).toBe('Platform administration')
    const system = app.el.querySelector<HTMLAnchorElement>('[data-testid="open-system"]')
    expect([system?.textContent?.trim(), system?.getAttribute('href')]).toEqual([
      'Open the system console',
      '/system',
    ])
  })

  it('frames the pages of layers 1 and 2 in the same shell as its own', async () => {
    app = await startAppTest({ path: '/admin/members', handle })
    expect(app.router.currentRoute.value.matched.map((m) => m.name)).toEqual([
      'core.shell',
      'multitenant.members',
    ])
    expect(app.el.querySelector('[data-testid="app-shell"]')).not.toBeNull()
    await app.router.push('/account')
    await settle()
    expect(app.router.currentRoute.value.matched.map((m) => m.name)).toEqual([
      'core.shell',
      'auth.account',
    ])
    // One skip link, which leads to the page.
    const skips = [...app.el.querySelectorAll<HTMLAnchorElement>('a[href^="#"]')].filter((a) =>
      a.textContent?.includes('Skip to content'),
    )
    expect(skips.map((a) => a.getAttribute('href'))).toEqual(['#app-shell-content'])
    expect(app.el.querySelector('#app-shell-content h1')?.textContent).toBe('My account')
  })

  it('tells the host that its pages draw their own header and navigation', async () => {
    app = await startAppTest({ handle })
    expect(routeShell(app.router.currentRoute.value)).toBe('app')
    await app.router.push('/clients')
    await settle()
    expect(routeShell(app.router.currentRoute.value)).toBe('app')
    app.unmount()

    // Signed out, the dashboard sends the visitor to the sign-in page, under the public header.
    app = await startAppTest({ signedIn: false })
    expect(app.router.currentRoute.value.name).toBe('auth.login')
    expect(routeShell(app.router.currentRoute.value)).toBe('public')
  })

  it('folds the sidebar behind a menu button that says whether it is open', async () => {
    app = await startAppTest({ handle })
    const button = app.el.querySelector<HTMLButtonElement>('[data-testid="menu-button"]')!
    const shell = app.el.querySelector('[data-testid="app-shell"]')!
    expect(button.getAttribute('aria-controls')).toBe('app-shell-nav')
    expect(app.el.querySelector('#app-shell-nav')).not.toBeNull()
    expect(button.getAttribute('aria-expanded')).toBe('false')

    button.click()
    await settle(1)
    expect(button.getAttribute('aria-expanded')).toBe('true')
    expect(shell.classList).toContain('is-menu-open')

    // Escape inside the menu closes it and puts focus back on the button.
    const link = app.el.querySelector<HTMLAnchorElement>('#app-shell-nav a')!
    link.focus()
    link.dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }))
    await settle(1)
    expect(button.getAttribute('aria-expanded')).toBe('false')
    expect(document.activeElement).toBe(button)
  })

  it('puts the tenant switcher, the language switcher and the user menu in the header', async () => {
    app = await startAppTest({ handle })
    const header = app.el.querySelector('[data-testid="shell-header"]')!
    expect(header.querySelector('[data-testid="tenant-switcher"] select')).not.toBeNull()
    expect([...header.querySelectorAll('label')].map((l) => l.textContent?.trim())).toContain(
      'Language',
    )
    const menu = header.querySelector<HTMLButtonElement>('[data-testid="user-menu"]')!
    // Its name is its visible text and then hidden words: no aria-label that would not match
    // what a speech-input user sees (axe's label-content-name-mismatch).
    expect(menu.hasAttribute('aria-label')).toBe(false)
    // The initial is aria-hidden: the name is “Ana account menu”.
    expect(menu.querySelector('[aria-hidden="true"]')?.textContent).toBe('A')
    expect(menu.textContent).toBe('AAna account menu')
    expect(menu.getAttribute('aria-expanded')).toBe('false')
    menu.click()
    await settle(1)
    expect(menu.getAttribute('aria-expanded')).toBe('true')
    const panel = header.querySelector(`#${menu.getAttribute('aria-controls')}`)!
    expect([...panel.querySelectorAll('a, button')].map((e) => e.textContent?.trim())).toEqual([
      'My account',
      'Sign out',
    ])
  })
})

describe('theme components', () => {
  it('replaces the header with the theme’s AppHeader and hands it the brand and the working parts', async () => {
    const CustomHeader = defineComponent({
      props: {
        title: { type: String, required: true },
        logo: { type: String, default: undefined },
        homeLabel: { type: String, required: true },
      },
      setup(props, { slots }) {
        return () =>
          h(
            'header',
            { 'data-testid': 'custom-header', 'data-title': props.title, 'data-logo': props.logo },
            [slots.menu?.(), slots.actions?.()],
          )
      },
    })
    const theme: ThemeConfig = {
      name: 'client-x',
      title: 'Client X',
      logo: '/assets/x-logo.svg',
      favicon: '/assets/x.svg',
      variables: {},
      customComponents: { AppHeader: async () => ({ default: CustomHeader }) },
    }
    app = await startAppTest({ theme, handle })
    const header = app.el.querySelector<HTMLElement>('[data-testid="custom-header"]')
    expect(header).not.toBeNull()
    expect(app.el.querySelector('[data-testid="shell-header"]')).toBeNull()
    expect(header!.dataset.title).toBe('Client X')
    expect(header!.dataset.logo).toBe('/assets/x-logo.svg')
    // The replacement still carries the menu button, the tenant switcher and the user menu.
    expect(header!.querySelector('[data-testid="menu-button"]')).not.toBeNull()
    expect(header!.querySelector('[data-testid="tenant-switcher"]')).not.toBeNull()
    expect(header!.querySelector('[data-testid="user-menu"]')).not.toBeNull()
  })

  it('keeps the default header when the theme’s replacement fails to load', async () => {
    const theme: ThemeConfig = {
      name: 'broken',
      logo: '/l.svg',
      favicon: '/f.svg',
      variables: {},
      customComponents: { AppHeader: () => Promise.reject(new Error('chunk failed')) },
    }
    // Vue reports the failed chunk in development; the user just sees the default header.
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined)
    app = await startAppTest({ theme, handle })
    expect(app.el.querySelector('[data-testid="shell-header"]')).not.toBeNull()
    expect(warn).toHaveBeenCalled()
    warn.mockRestore()
  })
})

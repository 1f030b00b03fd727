import {
  codeFromMailbox,
  switchToEnglish,
  hasChromium,
  startBrowserApp,
  watchProblems,
  type BrowserApp,
} from '@stratum/host-frontend/test/browser-kit.ts'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const DEMO = 'demo@stratum.localhost'

let app: BrowserApp | undefined

const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Sections' })
const navLinks = async (page: Page) =>
  (await mainNav(page).getByRole('link').allTextContents()).map((s) => s.trim())

describe.skipIf(!hasChromium())('tenant switching in Chromium against the real backend', () => {
  beforeAll(async () => {
    // Development on the embedded defaults: the demo seed (acme, globex, the demo user) runs.
    app = await startBrowserApp('multitenant', { NODE_ENV: 'development' })
  }, 90_000)

  afterAll(() => app?.close())

  it('signs in, shows admin items in acme, hides them in globex, and keeps globex after reload', async () => {
    const origin = app!.server.url
    const page = await app!.browser.newPage({ locale: 'en-US' })
    const problems = await watchProblems(page)
    const tenantHeaders: string[] = []
    page.on('request', (request) => {
      const header = request.headers()['x-tenant-id']
      if (request.url().includes('/api/tenants/') && header) tenantHeaders.push(header)
    })

    // The workspace page needs sign-in; the demo user signs in with the mailed code.
    await page.goto(`${origin}/admin`)
    await page.waitForURL(`${origin}/login?redirect=/admin`)
    await page.getByLabel('Email address').fill(DEMO)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/verify-otp/)
    const code = await codeFromMailbox(origin, DEMO)
    await page.keyboard.type(code, { delay: 20 })
    await page.waitForURL(`${origin}/admin`)
    // The demo user's saved language (pt-BR) applies at sign-in; this test reads English.
    await switchToEnglish(page)

    // Acme, where the demo user is account admin: the admin items are in the main nav.
    const switcher = page.getByLabel('Tenant', { exact: true })
    await switcher.selectOption({ label: 'Acme Corporation' })
    await page.getByRole('heading', { name: 'Acme Corporation', level: 1 }).waitFor()
    await mainNav(page).getByRole('link', { name: 'Members' }).waitFor()
    expect(await navLinks(page)).toEqual(expect.arrayContaining(['Members', 'Roles']))
    expect(await page.getByTestId('current-role').textContent()).toBe('Account admin')
    await app!.shot(page, '1-acme-workspace')

    await mainNav(page).getByRole('link', { name: 'Members' }).click()
    await page.getByRole('heading', { name: 'Members of Acme Corporation' }).waitFor()
    await page.getByRole('rowheader', { name: new RegExp(DEMO) }).waitFor()
    await app!.shot(page, '2-acme-members')

    await mainNav(page).getByRole('link', { name: 'Roles' }).click()
    await page.getByTestId('roles-grid').waitFor()
    // A system role's cell is a read-only mark that says it in words, not a disabled box.
    const adminUserView = page.locator('tr[data-permission="user.view"] td').first()
    expect(await adminUserView.getAttribute('data-granted')).toBe('yes')
    expect(await adminUserView.textContent()).toContain('Granted')
    expect(await adminUserView.locator('input').count()).toBe(0)
    await app!.shot(page, '3-acme-roles')

    // Globex, where the demo user is a viewer: the admin items go, and so does the roles page.
    await switcher.selectOption({ label: 'Globex' })
    await page.waitForURL(`${origin}/forbidden?from=/admin/roles`)
    await page.getByText('Your role in Globex does not allow it.').waitFor()
    await mainNav(page).getByRole('link', { name: 'Members' }).waitFor({ state: 'detached' })
    expect(await navLinks(page)).not.toEqual(expect.arrayContaining(['Members']))
    expect(await navLinks(page)).not.toContain('Roles')
    await app!.shot(page, '4-globex-forbidden')

    // A reload keeps Globex: the selection lives in localStorage.
    await page.reload()
    await page.getByText('Your role in Globex does not allow it.').waitFor()
    expect(await switcher.locator('option:checked').textContent()).toBe('Globex')
    expect(await switcher.inputValue()).toBe(
      await page.evaluate("localStorage.getItem('stratum.tenant')"),
    )
    expect(await navLinks(page)).not.toContain('Members')
    expect(await navLinks(page)).not.toContain('Roles')
    await mainNav(page).getByRole('link', { name: 'Overview' }).click()
    await page.getByRole('heading', { name: 'Globex', level: 1 }).waitFor()
    expect(await page.getByTestId('current-role').textContent()).toBe('Viewer')
    expect(await page.getByTestId('no-admin').isVisible()).toBe(true)
    await app!.shot(page, '5-globex-after-reload')

    // Requests named their tenant: acme's id first, globex's after the switch.
    const globexId = await switcher.inputValue()
    expect(new Set(tenantHeaders).size).toBe(2)
    expect(tenantHeaders.at(-1)).toBe(globexId)
    expect(problems).toEqual([])
    await page.close()
  })
})

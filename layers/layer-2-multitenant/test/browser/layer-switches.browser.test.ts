import {
  codeFromMailbox,
  switchToEnglish,
  hasChromium,
  startBrowserApp,
  watchProblems,
  type BrowserApp,
} from '@stratum/host-frontend/test/browser-kit.ts'
import { readdirSync } from 'node:fs'
import path from 'node:path'
import type { Cookie, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The demo user (member of Acme and Globex in the development seed) is a superadmin here, so it
// can use the System console as well as switch tenants.
const DEMO = 'demo@stratum.localhost'

let app: BrowserApp | undefined
let port = ''
/** The demo user's session once the first test signed in (one code a minute per address). */
let session: Cookie[] = []

const ROOT = path.resolve(import.meta.dirname, '../../../..')
const THEMES = readdirSync(path.join(ROOT, 'themes'))
// axe-core comes with lighthouse (a root dev dependency), not as a package of its own.
const AXE = path.join(
  ROOT,
  'node_modules/.pnpm',
  readdirSync(path.join(ROOT, 'node_modules/.pnpm')).find((d) => d.startsWith('axe-core@'))!,
  'node_modules/axe-core/axe.min.js',
)

const sideNav = (page: Page) => page.getByTestId('side-nav')
const navLinks = async (page: Page) =>
  (await sideNav(page).getByRole('link').allTextContents()).map((s) => s.trim())
/**
 * Asks the SPA's own router whether a path leads to a page rather than the not-found page.
 * (A string, not a function: this file is type-checked for Node, without DOM types.)
 */
const routable = async (page: Page, target: string) =>
  (await page.evaluate(
    `document.querySelector('#app').__vue_app__.config.globalProperties.$router
      .resolve(${JSON.stringify(target)}).name !== 'core.notFound'`,
  )) as boolean

async function chooseTenant(page: Page, name: string) {
  // The header's switcher (a phone layout keeps another copy in its menu).
  const switcher = page.getByLabel('Tenant', { exact: true }).locator('visible=true').first()
  if ((await switcher.locator('option:checked').textContent())?.trim() === name) return
  await switcher.selectOption({ label: name })
  await page.getByText(`You are now working in ${name}.`).waitFor({ state: 'attached' })
}

describe.skipIf(!hasChromium())('layers switched per tenant, in Chromium', () => {
  beforeAll(async () => {
    app = await startBrowserApp(
      'layer-switches',
      { NODE_ENV: 'development', SUPERADMIN_EMAILS: DEMO },
      // Theme subdomains (`client-a.localhost`) reach the same server.
      { chromiumArgs: ['--host-resolver-rules=MAP *.localhost 127.0.0.1'] },
    )
    port = new URL(app.server.url).port
  }, 120_000)

  afterAll(() => app?.close())

  it('drops Clients and Projects in a tenant where the authenticated layer is off, and brings them back, without a reload', async () => {
    const origin = `http://localhost:${port}`
    const context = await app!.browser.newContext({ locale: 'en-US' })
    const page = await context.newPage()
    const problems = await watchProblems(page)

    await page.goto(`${origin}/system`)
    await page.waitForURL(/\/login/)
    await page.getByLabel('Email address').fill(DEMO)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/verify-otp/)
    await page.keyboard.type(await codeFromMailbox(origin, DEMO), { delay: 20 })
    await page.waitForURL(`${origin}/system`)
    await switchToEnglish(page)
    await chooseTenant(page, 'Acme Corporation')

    // The System console: the authenticated layer off for Globex only.
    const card = page.getByTestId('layer-authenticated')
    await card.waitFor()
    const coreSwitch = page.getByTestId('layer-core').getByTestId('global-switch')
    expect(await coreSwitch.isDisabled()).toBe(true)
    await card.getByTestId('tenant-pick').selectOption({ label: 'Globex' })
    await card.getByTestId('tenant-state').selectOption('off')
    await card.getByTestId('tenant-apply').click()
    await card.getByTestId('tenant-switches').getByText('Globex').waitFor()
    await app!.shot(page, '1-system-console')

    // Acme: the layer is on. A marker on the window tells whether the page ever reloads.
    await page.evaluate('window.__noReload = true')
    await sideNav(page).getByRole('link', { name: 'Clients' }).click()
    await page.waitForURL(`${origin}/clients`)
    expect(await navLinks(page)).toEqual(expect.arrayContaining(['Clients', 'Projects']))
    expect(await routable(page, '/clients')).toBe(true)

    // Globex: the nav items and the routes go, and the app leaves the page that was theirs.
    await chooseTenant(page, 'Globex')
    await sideNav(page).getByRole('link', { name: 'Clients' }).waitFor({ state: 'detached' })
    expect(await navLinks(page)).not.toContain('Projects')
    await page.waitForURL((url) => url.pathname !== '/clients')
    expect(await routable(page, '/clients')).toBe(false)
    expect(await routable(page, '/projects')).toBe(false)
    await app!.shot(page, '2-globex-without-clients')

    // Back to Acme: they come back, and the page never reloaded.
    await chooseTenant(page, 'Acme Corporation')
    await sideNav(page).getByRole('link', { name: 'Clients' }).waitFor()
    expect(await navLinks(page)).toEqual(expect.arrayContaining(['Clients', 'Projects']))
    expect(await routable(page, '/clients')).toBe(true)
    await sideNav(page).getByRole('link', { name: 'Projects' }).click()
    await page.waitForURL(`${origin}/projects`)
    expect(await page.evaluate('window.__noReload')).toBe(true)
    await app!.shot(page, '3-acme-with-clients')

    expect(problems).toEqual([])
    session = await context.cookies(origin)
    await context.close()
  })

  it('shows the System console in every theme, at desktop and 390 px, with no serious axe violations', async () => {
    expect(session).not.toEqual([])
    for (const theme of THEMES) {
      const host = theme === 'base' ? `localhost:${port}` : `${theme}.localhost:${port}`
      // Strict CSP: axe is injected with the page's CSP bypassed.
      const context = await app!.browser.newContext({ locale: 'en-US', bypassCSP: true })
      await context.addCookies(
        session.map(({ domain: _domain, path: cookiePath, ...cookie }) => ({
          ...cookie,
          url: `http://${host}${cookiePath}`,
        })),
      )
      const page = await context.newPage()
      const problems = await watchProblems(page)
      for (const width of [1280, 390]) {
        await page.setViewportSize({ width, height: 900 })
        await page.goto(`http://${host}/system`)
        await page.getByTestId('layer-authenticated').waitFor()
        await switchToEnglish(page)
        // With a confirmation open, so its panel is checked and seen too.
        await page.getByTestId('layer-languages').getByTestId('global-switch').click()
        await page.getByTestId('confirm-off').waitFor()
        await app!.shot(page, `system-${theme}-${width}`)
        await page.addScriptTag({ path: AXE })
        const serious = (await page.evaluate(
          `axe.run(document).then((r) => r.violations
            .filter((v) => v.impact === 'serious' || v.impact === 'critical')
            .map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))`,
        )) as string[]
        expect(serious, `${theme} at ${width} px`).toEqual([])
        // Nothing runs off the side of a phone.
        const overflow = (await page.evaluate(
          'document.documentElement.scrollWidth - document.documentElement.clientWidth',
        )) as number
        expect(overflow, `${theme} at ${width} px`).toBeLessThanOrEqual(0)
      }
      expect(problems).toEqual([])
      await context.close()
    }
  })
})

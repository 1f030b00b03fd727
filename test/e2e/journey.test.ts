import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { startStack, type Stack } from '../../scripts/lib/stack.mjs'
import { sql } from '../topology/support.ts'
import { findTool, needs } from '../support/tools.ts'
import {
  CHROMIUM,
  hasChromium,
  launchChromium,
  loginBrand,
  rgb,
  screenshots,
  theme,
  watchProblems,
} from './support/browser.ts'
import { mailedCode, provision, type Membership } from './support/provision.ts'
import { buildSpa } from '@stratum/host-frontend/test/browser-kit.ts'

const nginx = findTool('nginx')
const ARTIFACTS = path.resolve(import.meta.dirname, '../../test-artifacts/e2e')
const ADMIN_URL =
  process.env.STRATUM_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres'
const SUPERADMIN = 'ops@stratum.example'
const USER = 'ana@northwind.example'
/** Listed by name in the switcher; the first is where the user lands. */
const TENANTS: Membership[] = [
  { name: 'Contoso', slug: 'contoso', role: 'viewer' },
  { name: 'Northwind Traders', slug: 'northwind', role: 'account_admin' },
]

let stack: Stack | undefined
let launching: Promise<Browser> | undefined
let browser: Browser | undefined
let spaDir: string | undefined
let tenantIds: string[] = []

/**
 * A new user's first visit to the production topology (`pnpm stack:prod`): the built SPA behind
 * nginx over TLS on a theme subdomain, two replicas, real PostgreSQL, Redis and SMTP. The user
 * was given two tenants by an operator, and does everything else through the browser.
 */
describe.skipIf(!nginx || !hasChromium())(
  needs(
    nginx,
    'nginx',
    needs(hasChromium() ? CHROMIUM : undefined, 'chromium', 'a new user’s journey in Chromium'),
  ),
  () => {
    beforeAll(async () => {
      spaDir = await mkdtemp(path.join(tmpdir(), 'stratum-e2e-spa-'))
      // Chromium starts while the SPA builds; afterAll closes it even when the set-up fails.
      launching = launchChromium()
      launching.then(
        (launched) => (browser = launched),
        () => undefined,
      )
      await buildSpa(spaDir)
      stack = await startStack({
        spaDir,
        postgresAdminUrl: ADMIN_URL,
        env: { SUPERADMIN_EMAILS: SUPERADMIN },
      })
      tenantIds = await provision(stack, {
        superadmin: SUPERADMIN,
        email: USER,
        memberships: TENANTS,
      })
      await launching
    }, 90_000)

    afterAll(async () => {
      await launching?.catch(() => undefined)
      await browser?.close()
      const report = await stack?.stop()
      if (report?.errors.length) console.warn(`[e2e] stack clean-up: ${report.errors.join('; ')}`)
      if (spaDir) await rm(spaDir, { recursive: true, force: true })
    }, 60_000)

    it('opens client-a, signs in with the mailed code, switches tenant, creates a client that survives a reload, and signs out', async () => {
      const origin = `https://client-a.localhost:${stack!.httpsPort}`
      const context = await browser!.newContext({
        ignoreHTTPSErrors: true,
        locale: 'en-US',
        viewport: { width: 1280, height: 900 },
      })
      // Fail a step within seconds with what was awaited, not at the test's own timeout.
      context.setDefaultTimeout(10_000)
      const page = await context.newPage()
      const problems = await watchProblems(page)
      const shot = await screenshots(ARTIFACTS)
      try {
        await journey(page, origin, shot)
      } catch (error) {
        await shot(page, 'failed').catch(() => undefined)
        throw error
      } finally {
        await context.close()
      }
      expect(problems).toEqual([])
    }, 60_000)
  },
)

async function journey(page: Page, origin: string, shot: (p: Page, n: string) => Promise<unknown>) {
  const [contoso, northwind] = TENANTS as [Membership, Membership]
  const clientA = await theme('client-a')

  // 1–2. The client-a subdomain opens on client-a's landing page; its Sign-in button leads to
  // sign-in, and the dashboard is where a signed-in user starts.
  await page.goto(`${origin}/`)
  const landing = page.getByTestId('landing')
  await landing.getByRole('heading', { level: 1 }).waitFor()
  expect((await landing.locator('.landing__brand').textContent())?.trim()).toBe(clientA.title)
  await shot(page, 'landing-client-a')
  await landing.getByRole('link', { name: 'Sign in' }).click()
  await page.waitForURL(`${origin}/login`)
  await page.getByRole('heading', { name: `Sign in to ${clientA.title}` }).waitFor()
  const brand = await loginBrand(page)
  expect(brand.primary).toBe(rgb(clientA.variables['--color-primary']!))
  expect(brand.logoSvg).toContain(`aria-label="${clientA.title}"`)
  expect(brand.title).toBe(`Sign in · ${clientA.title}`)
  await shot(page, 'login-client-a')

  // 3. A code, sent over real SMTP.
  const since = stack!.smtp!.messages.length
  await page.getByLabel('Email address').fill(USER)
  await page.getByRole('button', { name: 'Send me a code' }).click()
  await page.getByText(`We sent a 6-digit code to ${USER}.`).waitFor()
  const code = await mailedCode(stack!, USER, since)
  await shot(page, 'code-requested')

  // 4. Six boxes, the first focused; the sixth digit signs in and lands on the dashboard.
  expect(await page.getByRole('textbox', { name: /^Digit \d of 6$/ }).count()).toBe(6)
  expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe(
    'Digit 1 of 6',
  )
  await page.keyboard.type(code, { delay: 20 })
  await page.waitForURL(`${origin}/dashboard`)
  await page.getByTestId('client-a-header').waitFor()
  await dashboardOf(page, contoso)
  await shot(page, 'dashboard-contoso')

  // 5. The other tenant, from the header's switcher: the role there brings the admin sections.
  const switcher = page.getByLabel('Tenant', { exact: true })
  expect(await switcher.locator('option').allTextContents()).toEqual([contoso.name, northwind.name])
  await switcher.selectOption({ label: northwind.name })
  await dashboardOf(page, northwind)
  await shot(page, 'dashboard-northwind')

  // 6. A client, in Northwind.
  const name = `Initech ${Date.now()}`
  await sections(page).getByRole('link', { name: 'Clients' }).click()
  await page.getByRole('link', { name: 'New client' }).click()
  await page.getByLabel('Name').fill(name)
  await page.getByLabel('Email').fill('ops@initech.example')
  await page.getByRole('button', { name: 'Create client' }).click()
  await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/)
  await page.getByTestId('status').getByText(`Client “${name}” created.`).waitFor()
  await shot(page, 'client-created')

  // 7. After a reload: still signed in, still in Northwind, and the client is in its list.
  await page.goto(`${origin}/clients`)
  await page.getByRole('rowheader', { name }).waitFor()
  await page.reload()
  await page.getByRole('rowheader', { name }).waitFor()
  expect(await switcher.locator('option:checked').textContent()).toBe(northwind.name)
  expect(
    sql(
      stack!.database.url,
      `select tenant_id from app_clients where name = '${name}' and deleted_at is null`,
    ),
  ).toEqual([[tenantIds[1]]])
  await shot(page, 'clients-after-reload')

  // 8. Sign out: back on client-a's sign-in page, and the session is gone.
  await page.getByTestId('user-menu').click()
  await page.getByRole('button', { name: 'Sign out' }).click()
  await page.waitForURL(`${origin}/login`)
  await page.getByRole('heading', { name: `Sign in to ${clientA.title}` }).waitFor()
  await shot(page, 'signed-out')
  await page.goto(`${origin}/clients`)
  await page.waitForURL(`${origin}/login?redirect=/clients`)
  await page.getByLabel('Email address').waitFor()
}

const sections = (page: Page) => page.getByRole('navigation', { name: 'Sections' })

/** Waits for the dashboard of `tenant`, loaded, with the sections the user's role there allows. */
async function dashboardOf(page: Page, tenant: Membership) {
  await page.getByRole('heading', { name: `Dashboard of ${tenant.name}`, level: 1 }).waitFor()
  await page.getByTestId('dashboard-stats').waitFor()
  await sections(page).getByRole('link', { name: 'Clients' }).waitFor()
  const members = sections(page).getByRole('link', { name: 'Members' })
  if (tenant.role === 'account_admin') await members.waitFor()
  else expect(await members.count()).toBe(0)
}

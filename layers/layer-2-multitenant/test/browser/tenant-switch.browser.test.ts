import { existsSync } from 'node:fs'
import { mkdir, mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import path from 'node:path'
import { spawnServer, type SpawnedServer } from '@stratum/host-backend/testing'
import { createFrontendConfig } from '@stratum/host-frontend/vite.config.ts'
import { chromium, type Browser, type Page } from 'playwright-core'
import { build, mergeConfig } from 'vite'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const CHROMIUM = '/usr/bin/chromium'
const ARTIFACTS = path.resolve(import.meta.dirname, '../../../../test-artifacts/multitenant')
const DEMO = 'demo@stratum.localhost'

let spaDir: string
let dataDir: string
let server: SpawnedServer | undefined
let browser: Browser | undefined

/** Builds the SPA for production; vitest's NODE_ENV=test would keep Vue's dev build. */
async function buildSpa(outDir: string): Promise<void> {
  const production = { define: { 'process.env.NODE_ENV': JSON.stringify('production') } }
  await build({
    ...mergeConfig(createFrontendConfig({ outDir }), production),
    configFile: false,
    logLevel: 'silent',
  })
}

/** The code in the newest mail to `email`, from the dev mailbox API. */
async function codeFromMailbox(origin: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const res = await fetch(`${origin}/api/core/dev/mailbox`)
    const { messages } = (await res.json()) as {
      messages: { to: string; text: string; sentAt: string }[]
    }
    const mail = messages
      .filter((m) => m.to.includes(email))
      .sort((a, b) => b.sentAt.localeCompare(a.sentAt))[0]
    const code = mail && /\b(\d{6})\b/.exec(mail.text)?.[1]
    if (code) return code
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`No sign-in code arrived for ${email}.`)
}

const shot = (page: Page, name: string) =>
  page.screenshot({ path: path.join(ARTIFACTS, `${name}.png`), fullPage: true })
const mainNav = (page: Page) => page.getByRole('navigation', { name: 'Main navigation' })
const navLinks = async (page: Page) =>
  (await mainNav(page).getByRole('link').allTextContents()).map((s) => s.trim())

describe.skipIf(!existsSync(CHROMIUM))(
  'tenant switching in Chromium against the real backend',
  () => {
    beforeAll(async () => {
      spaDir = await mkdtemp(path.join(tmpdir(), 'stratum-mt-spa-'))
      dataDir = await mkdtemp(path.join(tmpdir(), 'stratum-mt-data-'))
      await mkdir(ARTIFACTS, { recursive: true })
      const launched = chromium.launch({
        executablePath: CHROMIUM,
        args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
      })
      await buildSpa(spaDir)
      // Development on the embedded defaults: the demo seed (acme, globex, the demo user) runs.
      server = await spawnServer(
        'host-backend/src/main.ts',
        { SPA_DIR: spaDir, DATA_DIR: dataDir, LOG_LEVEL: 'warn', NODE_ENV: 'development' },
        45_000,
      )
      browser = await launched
    }, 90_000)

    afterAll(async () => {
      await browser?.close()
      if (server) {
        server.kill()
        await server.exited
      }
      await rm(spaDir, { recursive: true, force: true })
      await rm(dataDir, { recursive: true, force: true })
    })

    it('signs in, shows admin items in acme, hides them in globex, and keeps globex after reload', async () => {
      const origin = server!.url
      const page = await browser!.newPage({ locale: 'en-US' })
      const problems: string[] = []
      page.on('pageerror', (error) => problems.push(error.message))
      await page.addInitScript(
        "document.addEventListener('securitypolicyviolation', (e) =>" +
          " console.error('CSP: ' + e.violatedDirective + ' ' + e.blockedURI))",
      )
      page.on('console', (m) => m.text().startsWith('CSP:') && problems.push(m.text()))
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

      // Acme, where the demo user is account admin: the admin items are in the main nav.
      const switcher = page.getByLabel('Tenant', { exact: true })
      await switcher.selectOption({ label: 'Acme Corporation' })
      await page.getByRole('heading', { name: 'Acme Corporation', level: 1 }).waitFor()
      await mainNav(page).getByRole('link', { name: 'Members' }).waitFor()
      expect(await navLinks(page)).toEqual(expect.arrayContaining(['Members', 'Roles']))
      expect(await page.getByTestId('current-role').textContent()).toBe('Account admin')
      await shot(page, '1-acme-workspace')

      await mainNav(page).getByRole('link', { name: 'Members' }).click()
      await page.getByRole('heading', { name: 'Members of Acme Corporation' }).waitFor()
      await page.getByRole('rowheader', { name: new RegExp(DEMO) }).waitFor()
      await shot(page, '2-acme-members')

      await mainNav(page).getByRole('link', { name: 'Roles' }).click()
      await page.getByTestId('roles-grid').waitFor()
      expect(await page.getByLabel('user.view for Account admin').isChecked()).toBe(true)
      expect(await page.getByLabel('user.view for Account admin').isDisabled()).toBe(true)
      await shot(page, '3-acme-roles')

      // Globex, where the demo user is a viewer: the admin items go, and so does the roles page.
      await switcher.selectOption({ label: 'Globex' })
      await page.waitForURL(`${origin}/forbidden?from=/admin/roles`)
      await page.getByText('Your role in Globex does not allow it.').waitFor()
      await mainNav(page).getByRole('link', { name: 'Members' }).waitFor({ state: 'detached' })
      expect(await navLinks(page)).not.toEqual(expect.arrayContaining(['Members']))
      expect(await navLinks(page)).not.toContain('Roles')
      await shot(page, '4-globex-forbidden')

      // A reload keeps Globex: the selection lives in localStorage.
      await page.reload()
      await page.getByText('Your role in Globex does not allow it.').waitFor()
      expect(await switcher.locator('option:checked').textContent()).toBe('Globex')
      expect(await switcher.inputValue()).toBe(
        await page.evaluate("localStorage.getItem('stratum.tenant')"),
      )
      expect(await navLinks(page)).not.toContain('Members')
      expect(await navLinks(page)).not.toContain('Roles')
      await mainNav(page).getByRole('link', { name: 'Workspace' }).click()
      await page.getByRole('heading', { name: 'Globex', level: 1 }).waitFor()
      expect(await page.getByTestId('current-role').textContent()).toBe('Viewer')
      expect(await page.getByTestId('no-admin').isVisible()).toBe(true)
      await shot(page, '5-globex-after-reload')

      // Requests named their tenant: acme's id first, globex's after the switch.
      const globexId = await switcher.inputValue()
      expect(new Set(tenantHeaders).size).toBe(2)
      expect(tenantHeaders.at(-1)).toBe(globexId)
      expect(problems).toEqual([])
      await page.close()
    })
  },
)

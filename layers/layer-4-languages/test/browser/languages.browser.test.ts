import {
  codeFromMailbox,
  hasChromium,
  startBrowserApp,
  watchProblems,
  type BrowserApp,
} from '@stratum/host-frontend/test/browser-kit.ts'
import {
  listShape,
  reachable,
  scrollsSideways,
  seriousViolations,
  visitEveryTheme,
} from '@stratum/host-frontend/test/phone-checks.ts'
import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

/** Seeded in development: account admin in acme, viewer in globex, saved language pt-BR. */
const DEMO = 'demo@stratum.localhost'
const SUPERADMIN = 'ops@i18n.example'
/** A second superadmin for the phone walk (one code a minute per address). */
const TRANSLATOR = 'phone@i18n.example'

let app: BrowserApp | undefined
let origin: string
/** The demo user's signed-in page, shared by the tests that follow sign-in (one code a minute). */
let demo: { context: BrowserContext; page: Page } | undefined

/** Signs `email` in through the login page; the page lands on the start page the user may open. */
async function signIn(page: Page, email: string) {
  await page.goto(`${origin}/login`)
  await page.getByLabel('Email address').fill(email)
  await page.getByRole('button', { name: 'Send me a code' }).click()
  await page.getByRole('textbox', { name: /^Digit 1 of 6$/ }).waitFor()
  const code = await codeFromMailbox(origin, email)
  await page.keyboard.type(code, { delay: 20 })
  await page.waitForURL(
    (url) => !url.pathname.startsWith('/verify-otp') && url.pathname !== '/login',
  )
}

const htmlLocale = (page: Page) =>
  page.evaluate('[document.documentElement.lang, document.documentElement.dir]') as Promise<
    [string, string]
  >

/** The `x` of an element's box, for checking which side it sits on. */
async function left(page: Page, selector: string): Promise<number> {
  const box = await page.locator(selector).first().boundingBox()
  if (!box) throw new Error(`${selector} is not visible`)
  return box.x
}

describe.skipIf(!hasChromium())(
  'languages in Chromium against the real backend',
  { timeout: 60_000 },
  () => {
    beforeAll(async () => {
      app = await startBrowserApp(
        'languages',
        { NODE_ENV: 'development', SUPERADMIN_EMAILS: `${SUPERADMIN},${TRANSLATOR}` },
        { layersConfig: 'layers/layer-4-languages/test/browser/layers.languages.config.ts' },
      )
      origin = app.server.url.replace(/\/$/, '')
    }, 180_000)

    afterAll(async () => {
      await demo?.context.close()
      await app?.close()
    })

    it('switches an anonymous visitor to es-ES and back, with <html lang>', async () => {
      const page = await app!.browser.newPage({ locale: 'en-US' })
      const problems = await watchProblems(page)
      await page.goto(`${origin}/login`)
      await page.getByRole('button', { name: 'Send me a code' }).waitFor()
      expect(await htmlLocale(page)).toEqual(['en-US', 'ltr'])
      const language = page.getByLabel('Language', { exact: true })
      expect(await language.locator('option').allTextContents()).toEqual([
        'Português (Brasil)',
        'English (US)',
        'Español (España)',
      ])
      await language.selectOption('es-ES')
      await page.getByRole('heading', { name: /^Inicia sesión en / }).waitFor()
      expect(await htmlLocale(page)).toEqual(['es-ES', 'ltr'])
      // The choice survives a reload (localStorage).
      await page.reload()
      await page.getByRole('heading', { name: /^Inicia sesión en / }).waitFor()
      await page.getByLabel('Idioma', { exact: true }).selectOption('en-US')
      await page.getByRole('heading', { name: /^Sign in to / }).waitFor()
      expect(await htmlLocale(page)).toEqual(['en-US', 'ltr'])
      expect(problems).toEqual([])
      await page.close()
    })

    it("applies the signed-in user's saved language at sign-in, and saves a switch on the server", async () => {
      const context = await app!.browser.newContext({
        locale: 'en-US',
        viewport: { width: 1280, height: 900 },
      })
      const page = await context.newPage()
      demo = { context, page }
      await signIn(page, DEMO)
      // The demo user saved pt-BR: the English login page turns Portuguese at once.
      await page.getByRole('navigation').getByRole('link', { name: 'Clientes' }).waitFor()
      expect(await htmlLocale(page)).toEqual(['pt-BR', 'ltr'])
      const language = page.getByLabel('Idioma', { exact: true })
      expect(await language.inputValue()).toBe('pt-BR')

      // One preference: the switch is saved on the server, and the profile shows it.
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/i18n/me/locale') && r.request().method() === 'PUT',
      )
      await language.selectOption('en-US')
      expect((await saved).status()).toBe(200)
      const me = (await page.evaluate(
        "fetch('/api/auth/me', { credentials: 'include' }).then((r) => r.json())",
      )) as { user: { locale: string } }
      expect(me.user.locale).toBe('en-US')
      await page.goto(`${origin}/profile`)
      expect(await page.getByLabel('Preferred language').inputValue()).toBe('en-US')
    })

    it("renames 'Clients' for the demo user's tenant only, from the console", async () => {
      const page = demo!.page
      await page.goto(`${origin}/languages`)
      await page.getByTestId('translation-console').waitFor()
      await page.getByTestId('console-locale').selectOption('en-US')
      await page.getByTestId('console-search').fill('nav.clients')
      const row = page.locator('tr[data-key="authenticated.nav.clients"]')
      await row.waitFor()
      await row.getByTestId('row-edit').click()
      await row.getByTestId('row-editor').fill('Patients')
      await row.getByTestId('row-save').click()
      await page.getByTestId('rows-status').getByText('Saved authenticated.nav.clients.').waitFor()
      const nav = page.getByTestId('side-nav')
      await nav.getByRole('link', { name: 'Patients' }).waitFor()

      // Globex has no override: its sidebar keeps the compiled word.
      await page.goto(`${origin}/dashboard`)
      await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'Globex' })
      await nav.getByRole('link', { name: 'Clients' }).waitFor()
      await nav.getByRole('link', { name: 'Patients' }).waitFor({ state: 'detached' })
      expect(await nav.innerText()).not.toContain('Patients')
      await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'Acme Corporation' })
      await nav.getByRole('link', { name: 'Patients' }).waitFor()
    })

    it('changes a string on the page with in-context editing', async () => {
      const page = demo!.page
      await page.goto(`${origin}/dashboard`)
      const toggle = page.getByTestId('wording-toggle')
      await toggle.click()
      expect(await toggle.getAttribute('aria-pressed')).toBe('true')
      // Any translated text: the sidebar's Projects link (the click must not navigate).
      await page.getByTestId('side-nav').getByRole('link', { name: 'Projects' }).click()
      const editor = page.getByTestId('wording-editor')
      await editor.waitFor()
      expect(page.url()).toBe(`${origin}/dashboard`)
      expect(await editor.getByTestId('wording-shown').textContent()).toBe('Projects')
      await editor.getByTestId('wording-value').fill('Engagements')
      await editor.getByTestId('wording-save').click()
      await editor.getByText('Saved. The page shows the new wording.').waitFor()
      await editor.getByRole('button', { name: 'Close' }).click()
      await toggle.click()
      await page.getByTestId('side-nav').getByRole('link', { name: 'Engagements' }).waitFor()
      await app!.shot(page, 'in-context-after')
    })

    it('mirrors the layout in ar, a locale a superadmin adds at run time', async () => {
      const context = await app!.browser.newContext({
        locale: 'en-US',
        viewport: { width: 1280, height: 900 },
      })
      const page = await context.newPage()
      const problems = await watchProblems(page)
      await signIn(page, SUPERADMIN)
      await page.goto(`${origin}/languages`)
      await page.getByTestId('console-tab-locales').click()
      const form = page.getByTestId('add-locale')
      await form.getByLabel('Code', { exact: true }).fill('ar')
      await form.getByLabel('English name').fill('Arabic')
      await form.getByLabel('Native name').fill('العربية')
      await form.getByLabel('Flag (region code)').fill('SA')
      await form.getByLabel('Right to left').check()
      await form.getByRole('button', { name: 'Add language' }).click()
      await page.locator('tr[data-code="ar"]').waitFor()

      // A new visit reads the live list: Arabic is in the switcher without a rebuild.
      await page.goto(`${origin}/languages`)
      await page.getByTestId('console-tab-keys').waitFor()
      const ltr = {
        sidebar: await left(page, '[data-testid="side-nav"]'),
        content: await left(page, '#app-shell-content'),
        keyHeader: await left(page, '[data-testid="translation-table"] thead th >> nth=0'),
        actionsHeader: await left(page, '[data-testid="translation-table"] thead th >> nth=3'),
        searchLabel: await left(page, 'label[for$="-search"]'),
      }
      await page
        .getByTestId('shell-header')
        .getByLabel('Language', { exact: true })
        .selectOption('ar')
      await page.waitForFunction("document.documentElement.dir === 'rtl'")
      expect(await htmlLocale(page)).toEqual(['ar', 'rtl'])
      await page.getByTestId('translation-table').waitFor()
      const rtl = {
        sidebar: await left(page, '[data-testid="side-nav"]'),
        content: await left(page, '#app-shell-content'),
        keyHeader: await left(page, '[data-testid="translation-table"] thead th >> nth=0'),
        actionsHeader: await left(page, '[data-testid="translation-table"] thead th >> nth=3'),
        searchLabel: await left(page, 'label[for$="-search"]'),
      }
      // Sidebar: left of the content in en-US, right of it in ar.
      expect(ltr.sidebar).toBeLessThan(ltr.content)
      expect(rtl.sidebar).toBeGreaterThan(rtl.content)
      // Table: the first column moves from the left edge to the right edge.
      expect(ltr.keyHeader).toBeLessThan(ltr.actionsHeader)
      expect(rtl.keyHeader).toBeGreaterThan(rtl.actionsHeader)
      // Form: the search field's label starts from the other side.
      expect(rtl.searchLabel).not.toBe(ltr.searchLabel)
      await app!.shot(page, 'console-ar')
      expect(problems).toEqual([])
      await context.close()
    })

    it('shows every console list as cards on a phone, actions on screen, on each theme', async () => {
      const context = await app!.browser.newContext({
        locale: 'en-US',
        viewport: { width: 390, height: 844 },
        bypassCSP: true,
      })
      const page = await context.newPage()
      const problems = await watchProblems(page)
      await signIn(page, TRANSLATOR)
      await page.goto(`${origin}/languages`)
      await page.getByTestId('translation-console').waitFor()

      // Languages: a card per locale; a new one added from the phone shows its actions.
      await page.getByTestId('console-tab-locales').click()
      const form = page.getByTestId('add-locale')
      await form.getByLabel('Code', { exact: true }).fill('fr-FR')
      await form.getByLabel('English name').fill('French')
      await form.getByLabel('Native name').fill('Français')
      await form.getByRole('button', { name: 'Add language' }).click()
      const french = page.locator('tr[data-code="fr-FR"]')
      await french.waitFor()
      const locales = await listShape(page.getByTestId('locales-table'))
      expect(locales).toMatchObject({ display: 'block', headHidden: true, unlabelled: [] })
      expect(locales.cards).toBe(locales.rows)
      expect(locales.rows).toBeGreaterThan(3)
      expect(await reachable(page, french.getByRole('button', { name: 'Delete Français' }))).toBe(
        true,
      )
      expect(await reachable(page, french.getByRole('checkbox'))).toBe(true)
      expect(await scrollsSideways(page)).toBe(false)
      expect(await seriousViolations(page)).toEqual([])
      await app!.shot(page, 'phone-locales')

      // Keys: edit one from its card, then open its history.
      await page.getByTestId('console-tab-keys').click()
      await page.getByTestId('console-locale').selectOption('fr-FR')
      await page.getByTestId('console-search').fill('nav.projects')
      const row = page.locator('tr[data-key="authenticated.nav.projects"]')
      await row.waitFor()
      const keys = await listShape(page.getByTestId('translation-table'))
      expect(keys).toMatchObject({ display: 'block', headHidden: true, unlabelled: [] })
      expect(keys.cards).toBe(keys.rows)
      expect(await reachable(page, row.getByTestId('row-edit'))).toBe(true)
      await row.getByTestId('row-edit').click()
      await row.getByTestId('row-editor').fill('Projets')
      expect(await reachable(page, row.getByTestId('row-save'))).toBe(true)
      await row.getByTestId('row-save').click()
      await page.getByTestId('rows-status').getByText('Saved authenticated.nav.projects.').waitFor()
      expect(await reachable(page, row.getByTestId('row-history'))).toBe(true)
      await row.getByTestId('row-history').click()
      const drawer = page.getByTestId('history-drawer')
      await drawer.getByText('Version 1').waitFor()
      expect(await scrollsSideways(page)).toBe(false)
      expect(await seriousViolations(page)).toEqual([])
      await app!.shot(page, 'phone-history')
      await drawer.getByRole('button', { name: 'Close' }).click()
      await drawer.waitFor({ state: 'hidden' })

      // Missing: a key the app asked for in French, resolved from its card.
      const reported = (await page.evaluate(
        "fetch('/api/i18n/missing', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ items: [{ locale: 'fr-FR', namespace: 'authenticated', key: 'nav.clients' }] }) }).then((r) => r.status)",
      )) as number
      expect(reported).toBe(202)
      await page.getByTestId('console-tab-missing').click()
      const missing = page.getByTestId('missing-table')
      await missing.waitFor()
      const missingShape = await listShape(missing)
      expect(missingShape).toMatchObject({ display: 'block', headHidden: true, unlabelled: [] })
      expect(missingShape.cards).toBe(missingShape.rows)
      const card = missing.locator('tbody tr').filter({ hasText: 'authenticated.nav.clients' })
      await card.getByRole('textbox').fill('Clients')
      expect(await reachable(page, card.getByRole('button', { name: 'Add translation' }))).toBe(
        true,
      )
      expect(await scrollsSideways(page)).toBe(false)
      expect(await seriousViolations(page)).toEqual([])
      await app!.shot(page, 'phone-missing')

      // The keys console on each theme, on a phone and on a desktop (a table there).
      const onThemes = await visitEveryTheme(
        page,
        origin,
        ['/languages'],
        async ({ size, where }) => {
          const table = page.getByTestId('translation-table')
          await table.locator('tbody tr[data-key]').first().waitFor()
          const shape = await listShape(table)
          expect(shape.display, where).toBe(size === 'phone' ? 'block' : 'table')
          expect(shape.named).toBe(true)
          if (size === 'phone') expect(shape.cards, where).toBe(shape.rows)
          expect(await reachable(page, table.getByTestId('row-edit').first()), where).toBe(true)
        },
        app!.shot,
      )
      expect(onThemes).toEqual([])
      expect(problems).toEqual([])
      await context.close()
    }, 180_000)
  },
)

import type { BrowserContext, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  codeFromMailbox,
  hasChromium,
  startBrowserApp,
  switchToEnglish,
  type BrowserApp,
} from './browser-kit.ts'
import { SIZES, THEME_HOSTS as THEMES, seriousViolations, shareSession } from './phone-checks.ts'

const DEMO = 'demo@stratum.localhost'
const SUPERADMIN = 'ops@shell.example'

let app: BrowserApp | undefined
let port = ''

/** Signs `email` in on the bare host with the mailed code, in a fresh context. */
async function signIn(email: string): Promise<{ context: BrowserContext; page: Page }> {
  const origin = `http://localhost:${port}`
  const context = await app!.browser.newContext({ locale: 'en-US', bypassCSP: true })
  const page = await context.newPage()
  await page.goto(`${origin}/login`)
  await page.getByRole('textbox').fill(email)
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/verify-otp/)
  await page.keyboard.type(await codeFromMailbox(origin, email), { delay: 20 })
  await page.waitForURL((url) => !url.pathname.startsWith('/verify-otp'))
  // The same session on the theme hosts: cookies are per host.
  await shareSession(context, origin)
  return { context, page }
}

/** Every page a person can reach from the shell: the sidebar, plus pages below its lists. */
async function signedInPages(page: Page, origin: string): Promise<string[]> {
  await page.goto(`${origin}/app`)
  await page.getByTestId('side-nav').waitFor({ state: 'attached' })
  await page.waitForLoadState('networkidle')
  const paths = (await page.$$eval('[data-testid="side-nav"] a', (links) =>
    links.map((a) => a.getAttribute('href') ?? ''),
  )) as string[]
  const more = ['/account', '/no-such-page']
  for (const list of ['/clients', '/projects']) {
    if (!paths.includes(list)) continue
    await page.goto(`${origin}${list}`)
    await page.waitForLoadState('networkidle')
    const first = await page
      .locator(`#app-shell-content a[href^="${list}/"]:not([href$="/new"])`)
      .first()
      .getAttribute('href', { timeout: 2000 })
      .catch(() => null)
    more.push(`${list}/new`, ...(first ? [first] : []))
  }
  return [...new Set([...paths, ...more])]
}

interface Visit {
  readonly path: string
  readonly problems: string[]
}

/** Opens `path` at `size` and checks what every signed-in page must hold. */
async function visit(page: Page, origin: string, path: string, shot: string): Promise<Visit> {
  const errors: string[] = []
  const onConsole = (m: { type(): string; text(): string }) =>
    m.type() === 'error' && errors.push(`console: ${m.text()}`)
  const onError = (e: Error) => errors.push(`page error: ${e.message}`)
  page.on('console', onConsole)
  page.on('pageerror', onError)
  try {
    await page.goto(`${origin}${path}`)
    const shell = await page
      .getByTestId('app-shell')
      .waitFor({ timeout: 10_000 })
      .then(() => true)
      .catch(() => false)
    if (!shell) return { path, problems: ['no app shell', ...errors] }
    await page.locator('#app-shell-content h1').first().waitFor({ timeout: 10_000 })
    await page.waitForLoadState('networkidle')
    const problems = [...errors]
    const widths = (await page.evaluate(
      '({ scroll: document.scrollingElement.scrollWidth, inner: window.innerWidth })',
    )) as { scroll: number; inner: number }
    if (widths.scroll > widths.inner) {
      problems.push(`sideways scroll: ${widths.scroll} > ${widths.inner}`)
    }
    const header = await page.locator('[data-testid="app-shell"] header').first().boundingBox()
    if (widths.inner <= 390 && (header?.height ?? 0) > 64) {
      problems.push(`header ${header?.height} px tall`)
    }
    problems.push(...(await seriousViolations(page)).map((v) => `axe ${v}`))
    await app!.shot(page, shot)
    return { path, problems }
  } catch (error) {
    await app!.shot(page, `${shot}-failed`).catch(() => undefined)
    return { path, problems: [String(error).split('\n')[0]!, ...errors] }
  } finally {
    page.off('console', onConsole)
    page.off('pageerror', onError)
  }
}

describe.skipIf(!hasChromium())('one app shell, from the landing page to the admin pages', () => {
  beforeAll(async () => {
    // Development on the embedded defaults: the demo seed (acme, globex, the demo user) runs.
    app = await startBrowserApp('app-shell', {
      NODE_ENV: 'development',
      SUPERADMIN_EMAILS: SUPERADMIN,
      // Every page of every theme at two widths, from one address: far more than a person's pace.
      RATE_LIMIT_MAX: '100000',
      RATE_LIMIT_IP_MAX: '100000',
    })
    port = new URL(app.server.url).port
  }, 120_000)

  afterAll(() => app?.close())

  it.each(THEMES)(
    'the %s landing page shows the brand, the theme’s words and a Sign-in button that leads to sign-in',
    async (name, host) => {
      for (const [size, viewport] of SIZES) {
        const context = await app!.browser.newContext({ locale: 'en-US', viewport })
        const page = await context.newPage()
        const errors: string[] = []
        page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
        await page.goto(`http://${host}:${port}/`)
        const landing = page.getByTestId('landing')
        await landing.getByRole('heading', { level: 1 }).waitFor()
        const title = (await landing.locator('.landing__brand').textContent())?.trim()
        expect(title).toBe(
          { base: 'Stratum', 'client-a': 'Client A', 'client-b': 'Client B' }[name],
        )
        // Visible once loaded: on a busy machine the logo may still be on its way.
        await landing.getByTestId('landing-logo').waitFor({ state: 'visible', timeout: 10_000 })
        expect((await landing.locator('.landing__text').textContent())?.trim()).not.toBe('')
        // A visitor sees no way into pages they cannot open: the brand, the language, Sign in.
        const headerLinks = await page.locator('header a').allTextContents()
        expect(headerLinks.map((s) => s.trim())).toEqual([title, 'Sign in'])
        // Images and fonts in, so the width read is the page's final one.
        await page.waitForLoadState('load')
        expect(
          await page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth'),
        ).toBe(true)
        await app!.shot(page, `landing-${name}-${size}`)
        await landing.getByRole('link', { name: 'Sign in' }).click()
        await page.waitForURL(`http://${host}:${port}/login`)
        await page.getByRole('button', { name: 'Send me a code' }).waitFor()
        await page.waitForLoadState('load')
        // The sign-in page fits a phone too.
        expect(
          await page.evaluate('document.scrollingElement.scrollWidth <= window.innerWidth'),
        ).toBe(true)
        await app!.shot(page, `login-${name}-${size}`)
        expect(errors).toEqual([])
        await context.close()
      }
    },
    60_000,
  )

  describe.each([
    ['superadmin', SUPERADMIN],
    ['account admin', DEMO],
  ] as const)('signed in as the %s', (who, email) => {
    let context: BrowserContext | undefined
    let page: Page
    const slug = who.replace(' ', '-')

    beforeAll(async () => {
      ;({ context, page } = await signIn(email))
      // The demo user's saved language (pt-BR) applies at sign-in; the checks read English.
      await switchToEnglish(page)
    }, 60_000)
    afterAll(() => context?.close())

    it.runIf(who === 'superadmin')(
      'starts a superadmin in no tenant at platform administration, without a tenant’s pages',
      async () => {
        const origin = `http://localhost:${port}`
        await page.setViewportSize({ width: 1280, height: 800 })
        await page.goto(`${origin}/app`)
        await page.waitForURL(`${origin}/admin`)
        await page.getByRole('heading', { name: 'Platform administration', level: 1 }).waitFor()
        const nav = (await page.getByTestId('side-nav').locator('a').allTextContents()).map((s) =>
          s.trim(),
        )
        for (const tenantPage of ['Dashboard', 'Clients', 'Projects', 'Reports', 'Members']) {
          expect(nav).not.toContain(tenantPage)
        }
        expect(nav).toEqual(expect.arrayContaining(['Overview', 'Tenants', 'System']))
        // An old link to a tenant's page leads here too, not to an error or an empty list.
        await page.goto(`${origin}/clients`)
        await page.waitForURL(`${origin}/admin`)
        await page.getByTestId('open-system').click()
        await page.waitForURL(`${origin}/system`)
      },
      60_000,
    )

    it.runIf(who === 'account admin')(
      'spaces the sections of My account evenly, as other shell pages do, at both widths',
      async () => {
        for (const [, viewport] of SIZES) {
          await page.setViewportSize(viewport)
          await page.goto(`http://localhost:${port}/account`)
          await page.getByTestId('sessions').locator('li').first().waitFor()
          await page.waitForLoadState('networkidle')
          // For each section heading: the room above it (from the section before) and below it.
          const gaps = (await page.evaluate(`(() => {
            const visible = (el) => el && el.getBoundingClientRect().height > 0
            const after = (el) => {
              let next = el.nextElementSibling
              while (next && !visible(next)) next = next.nextElementSibling
              return next
            }
            return [...document.querySelectorAll('#app-shell-content h2')].map((h2) => {
              const box = h2.getBoundingClientRect()
              let section = h2
              while (section.parentElement && !section.parentElement.classList.contains('account'))
                section = section.parentElement
              const before = section.previousElementSibling.getBoundingClientRect()
              return [h2.textContent.trim(), Math.round(box.top - before.bottom),
                Math.round(after(h2).getBoundingClientRect().top - box.bottom)]
            })
          })()`)) as [string, number, number][]
          expect(gaps.map(([name]) => name)).toEqual([
            'Sign-in',
            'Your profile',
            'Your preferences',
            'Your sessions',
          ])
          const [, firstAbove, firstBelow] = gaps[0]!
          for (const [name, above, below] of gaps) {
            expect([name, above, below]).toEqual([name, firstAbove, firstBelow])
          }
        }
      },
      60_000,
    )

    it.each(THEMES)(
      'every page on %s has the shell, fits 390 and 1280 px, logs no error and passes axe',
      async (name, host) => {
        const origin = `http://${host}:${port}`
        const paths = await signedInPages(page, origin)
        expect(paths.length).toBeGreaterThan(3)
        const failed: Visit[] = []
        for (const [size, viewport] of SIZES) {
          await page.setViewportSize(viewport)
          for (const path of paths) {
            const shot = `${slug}-${name}-${size}${path.replace(/[^a-z0-9]+/gi, '-')}`
            const result = await visit(page, origin, path, shot)
            if (result.problems.length > 0) failed.push({ ...result, path: `${size} ${path}` })
          }
        }
        expect(failed).toEqual([])
      },
      600_000,
    )
  })
})

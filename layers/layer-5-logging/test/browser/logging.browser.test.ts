import {
  codeFromMailbox,
  switchToEnglish,
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
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// The demo user (account admin of Acme in the development seed) is also a superadmin here, so
// it may open the logs console and a client page in one session.
const DEMO = 'demo@stratum.localhost'
const OPERATOR = 'operator@example.test'
/** A third superadmin, for the phone walk (one code a minute per address). */
const ON_CALL = 'on-call@example.test'
const MISSING_CLIENT = '00000000-0000-4000-8000-00000000abcd'

let app: BrowserApp | undefined

async function signIn(page: Page, origin: string, email: string, path: string) {
  await page.goto(`${origin}${path}`)
  await page.waitForURL(/\/login/)
  await page.getByLabel('Email address').fill(email)
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/verify-otp/)
  await page.keyboard.type(await codeFromMailbox(origin, email), { delay: 20 })
  await page.waitForURL(`${origin}${path}`)
}

/** Applies the text filter until the entry arrives (the server writes browser entries in batches). */
async function findLogRow(page: Page, text: string) {
  const row = page.getByTestId('log-row').filter({ hasText: text })
  for (let attempt = 0; attempt < 20; attempt++) {
    await page.getByLabel('Text', { exact: true }).fill(text)
    await page.getByRole('button', { name: 'Apply filters' }).click()
    if (await row.count()) return row.first()
    await page.waitForTimeout(500)
  }
  throw new Error(`No log row with '${text}' appeared.`)
}

describe.skipIf(!hasChromium())('browser logs reach the consoles in Chromium', () => {
  beforeAll(async () => {
    app = await startBrowserApp(
      'logging',
      { NODE_ENV: 'development', SUPERADMIN_EMAILS: `${DEMO},${OPERATOR},${ON_CALL}` },
      { layersConfig: 'layers/layer-5-logging/test/layers.logging-on.config.ts' },
    )
  }, 120_000)

  afterAll(() => app?.close())

  it('an error thrown on a page shows up in the Logs console with its breadcrumbs, and its request trace shows the server side', async () => {
    const origin = app!.server.url
    const page = await app!.browser.newPage({ locale: 'en-US' })
    const problems = await watchProblems(page)
    await signIn(page, origin, DEMO, '/logging/logs')
    // The demo user's saved language (pt-BR) applies at sign-in; this test reads English.
    await switchToEnglish(page)
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor()

    // A client that does not exist: the API answers 404 and the error view offers the trace.
    await page.getByTestId('side-nav').getByRole('link', { name: 'Clients' }).click()
    await page.waitForURL(`${origin}/clients`)
    await page.goto(`${origin}/clients/${MISSING_CLIENT}`)
    const traceLink = page.getByTestId('request-link')
    await traceLink.waitFor()
    const requestId = (await page.getByTestId('request-id').textContent())!.trim()
    expect(requestId).not.toBe('')

    // The error, thrown by code running on the page, goes out at once.
    const marker = `boom-${Date.now()}`
    // Sent at once: alone to /error, or with the 404's warning still queued to /batch.
    const errorSent = page.waitForResponse(
      (r) => r.url().includes('/api/logs/') && (r.request().postData() ?? '').includes(marker),
    )
    await page.evaluate((message) => {
      setTimeout(() => {
        throw new Error(message)
      })
    }, marker)
    expect((await errorSent).status()).toBe(202)

    // The Logs console finds it, and its drawer shows what led up to it.
    await page.goto(`${origin}/logging/logs`)
    const row = await findLogRow(page, marker)
    await app!.shot(page, 'logs-console')
    await row.getByRole('button').click()
    const drawer = page.getByTestId('log-drawer')
    await drawer.waitFor()
    expect(await drawer.getByTestId('drawer-message').textContent()).toContain(marker)
    expect(await drawer.getByTestId('drawer-stack').textContent()).toContain(marker)
    const crumbs = await drawer.getByTestId('breadcrumbs').textContent()
    expect(crumbs).toContain('navigation')
    expect(crumbs).toContain(`/clients/${MISSING_CLIENT}`)
    expect(crumbs).toContain(`404`)
    expect(crumbs).toContain(requestId)
    await app!.shot(page, 'logs-drawer')
    await page.keyboard.press('Escape')

    // The 404's trace: the browser's warning and the server's own measurement of the request.
    await page.goto(`${origin}/clients/${MISSING_CLIENT}`)
    await page.getByTestId('request-link').waitFor()
    const againId = (await page.getByTestId('request-id').textContent())!.trim()
    // The warning about the 404 goes out with the next batch, at most 5 s later, signed in (a
    // page-hide beacon carries no session, so its entries have no user or tenant).
    await page.waitForResponse(
      (r) =>
        r.url().endsWith('/api/logs/batch') && (r.request().postData() ?? '').includes(againId),
      { timeout: 10_000 },
    )
    await page.getByTestId('request-link').click()
    await page.waitForURL(`${origin}/logging/trace/${againId}`)
    // Metrics and browser entries are written in batches: look again until both are in.
    const metrics = page.getByTestId('trace-metrics')
    const browserWarning = page.getByTestId('log-row').filter({ hasText: '404' })
    for (let attempt = 0; attempt < 30; attempt++) {
      if ((await metrics.count()) > 0 && (await browserWarning.count()) > 0) break
      await page.waitForTimeout(500)
      await page.reload()
      await page.getByRole('heading', { name: 'Request trace', level: 1 }).waitFor()
    }
    const measured = await metrics.textContent()
    expect(measured).toContain('GET /api/app/clients/:id')
    expect(measured).toContain('404')
    expect(await browserWarning.first().textContent()).toContain('Browser')
    await app!.shot(page, 'trace')

    // The metrics console draws its charts (uPlot, loaded on this page only) under the strict CSP.
    await page.goto(`${origin}/logging/metrics`)
    await page.getByRole('heading', { name: 'Metrics', level: 1 }).waitFor()
    await page.getByTestId('chart').first().locator('canvas').waitFor()
    expect(await page.getByTestId('route-table').locator('tbody tr').count()).toBeGreaterThan(0)
    await app!.shot(page, 'metrics')

    // Only the deliberate error; no CSP violation on any console.
    expect(problems.filter((p) => !p.includes(marker))).toEqual([])
    await page.close()
  }, 120_000)

  it('an error on the sign-in page, before the logger is loaded, reaches the Logs console', async () => {
    const origin = app!.server.url
    const page = await app!.browser.newPage({ locale: 'en-US' })
    const problems = await watchProblems(page)
    const loggerChunks: string[] = []
    page.on('request', (r) => {
      if (/logging-layer|browser-logger/.test(r.url())) loggerChunks.push(r.url())
    })
    await page.goto(`${origin}/login`)
    await page.getByLabel('Email address').waitFor()

    const marker = `early-${Date.now()}`
    const sent = page.waitForResponse(
      (r) => r.url().endsWith('/api/logs/error') && (r.request().postData() ?? '').includes(marker),
    )
    await page.evaluate((message) => {
      setTimeout(() => {
        throw new Error(message)
      })
    }, marker)
    expect((await sent).status()).toBe(202)
    // Reported by the early hook: the logging layer's client half is still not loaded.
    expect(loggerChunks).toEqual([])

    // Another superadmin: the demo user asked for a code in the other test a moment ago.
    await page.getByLabel('Email address').fill(OPERATOR)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/verify-otp/)
    await page.keyboard.type(await codeFromMailbox(origin, OPERATOR), { delay: 20 })
    await page.waitForURL((url) => !url.pathname.startsWith('/verify-otp'))
    await switchToEnglish(page)
    await page.goto(`${origin}/logging/logs`)
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor()
    const row = await findLogRow(page, marker)
    await row.getByRole('button').click()
    const drawer = page.getByTestId('log-drawer')
    await drawer.waitFor()
    expect(await drawer.getByTestId('drawer-stack').textContent()).toContain(marker)
    expect(problems.filter((p) => !p.includes(marker))).toEqual([])
    await page.close()
  }, 120_000)

  it('shows the Logs, Audit and Metrics consoles as cards on a phone, actions on screen, on each theme', async () => {
    const origin = app!.server.url.replace(/\/$/, '')
    const context = await app!.browser.newContext({
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
      bypassCSP: true,
    })
    const page = await context.newPage()
    const problems = await watchProblems(page)
    await signIn(page, origin, ON_CALL, '/logging/logs')
    await switchToEnglish(page)
    await page.getByRole('heading', { name: 'Logs', level: 1 }).waitFor()

    // Logs: an entry of our own, as a card whose message opens the details.
    const marker = `phone-${Date.now()}`
    const sent = page.waitForResponse(
      (r) => r.url().includes('/api/logs/') && (r.request().postData() ?? '').includes(marker),
    )
    await page.evaluate((message) => {
      setTimeout(() => {
        throw new Error(message)
      })
    }, marker)
    expect((await sent).status()).toBe(202)
    const row = await findLogRow(page, marker)
    const logs = await listShape(page.getByTestId('log-table'))
    expect(logs).toMatchObject({ display: 'block', headHidden: true, unlabelled: [], named: true })
    expect(logs.cards).toBe(logs.rows)
    expect(await reachable(page, row.getByRole('button'))).toBe(true)
    expect(await scrollsSideways(page)).toBe(false)
    expect(await seriousViolations(page)).toEqual([])
    await app!.shot(page, 'phone-logs')
    await row.getByRole('button').click()
    await page.getByTestId('log-drawer').waitFor()
    expect(await scrollsSideways(page)).toBe(false)
    await app!.shot(page, 'phone-log-drawer')
    await page.keyboard.press('Escape')

    // A change with values for the audit trail: the saved language, there and back (the
    // switcher sits in the folded menu on a phone: choose on a wide window).
    await page.setViewportSize({ width: 1280, height: 844 })
    const language = page.getByTestId('locale-select').locator('select:visible').first()
    for (const locale of ['es-ES', 'en-US']) {
      const saved = page.waitForResponse(
        (r) => r.url().endsWith('/api/i18n/me/locale') && r.request().method() === 'PUT',
      )
      await language.selectOption(locale)
      expect((await saved).status()).toBe(200)
    }
    await page.setViewportSize({ width: 390, height: 844 })

    // Audit: each row a card, and its before/after table a card per field.
    const diff = page.getByTestId('audit-diff').first()
    for (let attempt = 0; attempt < 20 && (await diff.count()) === 0; attempt++) {
      await page.goto(`${origin}/logging/audit`)
      await page.getByTestId('audit-row').first().waitFor()
      if ((await diff.count()) === 0) await page.waitForTimeout(500)
    }
    const changes = await listShape(diff)
    expect(changes).toMatchObject({ display: 'block', headHidden: true, unlabelled: [] })
    expect(changes.rows).toBeGreaterThan(0)
    expect(changes.cards).toBe(changes.rows)
    expect(await scrollsSideways(page)).toBe(false)
    expect(await seriousViolations(page)).toEqual([])
    await app!.shot(page, 'phone-audit')
    // The actor's activity, reached from their row: headed by their email, not an id.
    await page.getByTestId('audit-actor').filter({ hasText: ON_CALL }).first().click()
    await page.waitForURL(/[?&]userId=/)
    const userActivity = `/logging/audit?userId=${new URL(page.url()).searchParams.get('userId')}`
    await page.getByRole('heading', { name: `Activity of ${ON_CALL}`, level: 1 }).waitFor()
    expect(await scrollsSideways(page)).toBe(false)
    expect(await seriousViolations(page)).toEqual([])
    await app!.shot(page, 'phone-audit-user')

    // Metrics: the slowest routes, a card each (the server writes metrics in batches).
    const routes = page.getByTestId('route-table')
    for (let attempt = 0; attempt < 30 && (await routes.count()) === 0; attempt++) {
      await page.goto(`${origin}/logging/metrics`)
      await page.getByRole('heading', { name: 'Metrics', level: 1 }).waitFor()
      await page.waitForLoadState('networkidle')
      if ((await routes.count()) === 0) await page.waitForTimeout(500)
    }
    const metrics = await listShape(routes)
    expect(metrics).toMatchObject({ display: 'block', headHidden: true, unlabelled: [] })
    expect(metrics.rows).toBeGreaterThan(0)
    expect(metrics.cards).toBe(metrics.rows)
    expect(await scrollsSideways(page)).toBe(false)
    expect(await seriousViolations(page)).toEqual([])
    await app!.shot(page, 'phone-metrics')

    // The three consoles on each theme, on a phone and on a desktop.
    const headings: Record<string, string> = {
      '/logging/logs': 'Logs',
      '/logging/audit': 'Audit trail',
      [userActivity]: `Activity of ${ON_CALL}`,
      '/logging/metrics': 'Metrics',
    }
    const onThemes = await visitEveryTheme(
      page,
      origin,
      Object.keys(headings),
      async ({ size, path, where }) => {
        await page.getByRole('heading', { name: headings[path], level: 1 }).waitFor()
        await page.waitForLoadState('networkidle')
        const table = page.getByTestId(path.endsWith('logs') ? 'log-table' : 'route-table')
        if (path.includes('/audit') || (await table.count()) === 0) return
        const shape = await listShape(table)
        expect(shape.display, where).toBe(size === 'phone' ? 'block' : 'table')
        if (size === 'phone') expect(shape.cards, where).toBe(shape.rows)
      },
      app!.shot,
    )
    expect(onThemes).toEqual([])
    // Only the deliberate error.
    expect(problems.filter((p) => !p.includes(marker))).toEqual([])
    await context.close()
  }, 240_000)
})

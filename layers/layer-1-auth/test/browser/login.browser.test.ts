import {
  codeFromMailbox,
  firstLoadJs,
  hasChromium,
  startBrowserApp,
  watchProblems,
  type BrowserApp,
} from '@stratum/host-frontend/test/browser-kit.ts'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const EMAIL = `ana.${Date.now()}@example.com`

let app: BrowserApp | undefined

/**
 * What Lighthouse's best-practices audit counts against a page: console errors (a failed request
 * logs one), plus every 4xx/5xx response and every session request the page made.
 */
function watchConsole(page: Page) {
  const errors: string[] = []
  const failed: string[] = []
  const sessionCalls: string[] = []
  // Every API exchange in order, to explain a failed assertion about the session calls.
  const apiLog: string[] = []
  const started = Date.now()
  const at = () => `+${Date.now() - started} ms`
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))
  page.on('pageerror', (e) => errors.push(e.message))
  page.on('requestfailed', (r) => {
    // A reload cancels the old page's requests; that is no failure of the page.
    const why = r.failure()?.errorText
    if (why !== 'net::ERR_ABORTED') failed.push(`${r.method()} ${r.url()} ${why}`)
  })
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/'))
      apiLog.push(`${at()} ${r.status()} ${r.request().method()} ${new URL(r.url()).pathname}`)
    if (r.status() >= 400) failed.push(`${r.status()} ${r.request().method()} ${r.url()}`)
  })
  page.on('request', (r) => {
    if (new URL(r.url()).pathname.startsWith('/api/'))
      apiLog.push(`${at()} sent ${r.method()} ${new URL(r.url()).pathname}`)
    if (/\/api\/auth\/(me|refresh)$/.test(new URL(r.url()).pathname))
      sessionCalls.push(`${r.method()} ${new URL(r.url()).pathname}`)
  })
  return { errors, failed, sessionCalls, apiLog }
}

describe.skipIf(!hasChromium())('sign-in in Chromium against the real backend', () => {
  beforeAll(async () => {
    app = await startBrowserApp('auth')
  }, 90_000)

  afterAll(() => app?.close())

  it('keeps the first load of the login page within budget', async () => {
    const chunks = await firstLoadJs(app!.spaDir, [
      'themes/base/theme.config.ts',
      'layer-1-auth/src/client/index.ts',
      'layer-1-auth/src/client/pages/LoginPage.vue',
    ])
    const kb = chunks.reduce((sum, c) => sum + c.gzipBytes, 0) / 1024
    // Core and auth load for /login; the other layers and zod wait until they are needed
    // (host-frontend/test/login-budget.test.ts holds the tight budget).
    expect(kb, chunks.map((c) => `${c.file} ${c.gzipBytes}`).join('\n')).toBeLessThan(130)
  })

  it('loads / and /login anonymously with no console error and no failing request', async () => {
    const origin = app!.server.url
    const context = await app!.browser.newContext({ locale: 'en-US' })
    const page = await context.newPage()
    const seen = watchConsole(page)
    await page.goto(`${origin}/`, { waitUntil: 'networkidle' })
    await page.locator('h1').first().waitFor()
    await page.goto(`${origin}/login`, { waitUntil: 'networkidle' })
    await page.getByRole('heading', { name: 'Sign in to Stratum' }).waitFor()
    await page.waitForLoadState('networkidle')
    expect(seen.errors).toEqual([])
    expect(seen.failed).toEqual([])
    // There can be no session: nothing asks for one.
    expect(seen.sessionCalls).toEqual([])
    await context.close()
  })

  it('redirects to sign-in, signs in with the mailed code, returns, and signs out', async () => {
    const origin = app!.server.url
    const context = await app!.browser.newContext({ locale: 'en-US' })
    const page = await context.newPage()
    const problems = await watchProblems(page)
    const seen = watchConsole(page)
    const presence = async () =>
      (await context.cookies()).find((c) => c.name === 'stratum_signed_in')

    // A protected page sends an anonymous visitor to sign-in, keeping the target.
    await page.goto(`${origin}/account`)
    await page.waitForURL(`${origin}/login?redirect=/account`)
    await page.getByRole('heading', { name: 'Sign in to Stratum' }).waitFor()
    expect(await page.getByTestId('auth-logo').getAttribute('src')).toMatch(
      /^http:\/\/127\.0\.0\.1:\d+\/assets\/logo-.*\.svg$/,
    )
    await app!.shot(page, '1-login')

    // An invalid address is refused next to the field, without leaving the page.
    await page.getByLabel('Email address').fill('ana@')
    await page.keyboard.press('Enter')
    await page.getByText('Enter a valid email address, like name@example.com.').waitFor()
    await app!.shot(page, '2-login-invalid')

    await page.getByLabel('Email address').fill(EMAIL)
    await page.getByRole('button', { name: 'Send me a code' }).click()
    await page.waitForURL(`${origin}/verify-otp?redirect=/account`)
    await page.getByText(`We sent a 6-digit code to ${EMAIL}.`).waitFor()
    await page.getByRole('button', { name: /Send a new code in \d+ s/ }).waitFor()
    await app!.shot(page, '3-verify')

    // Keyboard only: the first box has focus; each digit moves on; the sixth submits.
    const code = await codeFromMailbox(origin, EMAIL)
    expect(await page.evaluate('document.activeElement.getAttribute("aria-label")')).toBe(
      'Digit 1 of 6',
    )
    await page.keyboard.type(code, { delay: 20 })
    await page.waitForURL(`${origin}/account`)
    await page.getByTestId('account-email').filter({ hasText: EMAIL }).waitFor()
    await app!.shot(page, '4-account')

    // The readable presence cookie came with the session cookies; those stay HttpOnly.
    expect(await presence()).toMatchObject({
      value: expect.stringMatching(/^\d+$/),
      httpOnly: false,
      sameSite: 'Lax',
    })
    const cookies = await context.cookies()
    for (const name of ['stratum_at', 'stratum_rt'])
      expect(cookies.find((c) => c.name === name)?.httpOnly).toBe(true)

    // The session survives a reload (cookies, restored through /api/auth/me).
    await page.reload()
    await page.getByTestId('account-email').filter({ hasText: EMAIL }).waitFor()
    // The page's own late requests (settings, sessions) finish first: one sent after the access
    // cookie is cleared below would meet a 401 and refresh from this page, before the reload.
    await page.waitForLoadState('networkidle')

    // And a reload after the access token expired, as 15 minutes later: its cookie is gone and
    // the presence cookie says so, so the page refreshes at once, with no failing /me.
    const mark = (await presence())!
    await context.clearCookies({ name: 'stratum_at' })
    await context.addCookies([{ ...mark, value: String(Math.floor(Date.now() / 1000) - 1) }])
    seen.sessionCalls.length = 0
    seen.apiLog.length = 0
    await page.reload()
    await page.getByTestId('account-email').filter({ hasText: EMAIL }).waitFor()
    await page.waitForLoadState('networkidle')
    expect(seen.sessionCalls, seen.apiLog.join('\n')).toEqual(['POST /api/auth/refresh'])
    expect((await context.cookies()).some((c) => c.name === 'stratum_at')).toBe(true)
    expect(Number((await presence())!.value)).toBeGreaterThan(Date.now() / 1000)
    expect(seen.errors).toEqual([])
    expect(seen.failed).toEqual([])

    // A client clock behind the server's (or a lost access cookie): the presence cookie still
    // says live, /me is refused once, and the refresh restores the session.
    await context.clearCookies({ name: 'stratum_at' })
    seen.sessionCalls.length = 0
    seen.apiLog.length = 0
    await page.reload()
    await page.getByTestId('account-email').filter({ hasText: EMAIL }).waitFor()
    await page.waitForLoadState('networkidle')
    expect(seen.sessionCalls, seen.apiLog.join('\n')).toEqual([
      'GET /api/auth/me',
      'POST /api/auth/refresh',
    ])
    expect(seen.failed).toEqual([expect.stringMatching(/^401 GET .*\/api\/auth\/me$/)])
    seen.errors.length = 0
    seen.failed.length = 0

    await page.getByRole('button', { name: 'Sign out' }).click()
    await page.waitForURL(`${origin}/login`)
    await page.getByRole('heading', { name: 'Sign in to Stratum' }).waitFor()
    await app!.shot(page, '5-signed-out')
    expect(await presence()).toBeUndefined()
    seen.sessionCalls.length = 0
    seen.apiLog.length = 0

    // After sign-out the cookies are gone: a fresh load of /account needs sign-in again.
    await page.goto(`${origin}/account`)
    await page.waitForURL(`${origin}/login?redirect=/account`)
    await page.getByLabel('Email address').waitFor()
    expect(seen.sessionCalls).toEqual([])
    expect(problems).toEqual([])
    expect(seen.errors).toEqual([])
    expect(seen.failed).toEqual([])
    await context.close()
  })
})

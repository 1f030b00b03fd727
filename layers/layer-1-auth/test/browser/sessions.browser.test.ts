import { createRequire } from 'node:module'
import {
  codeFromMailbox,
  hasChromium,
  startBrowserApp,
  switchToEnglish,
  watchProblems,
  type BrowserApp,
} from '@stratum/host-frontend/test/browser-kit.ts'
import { captureLogger, createRedisCacheStore, TEST_REDIS_URL } from '@stratum/host-backend/testing'
import type { CacheStore } from '@stratum/layer-core/server'
import type { Browser, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { authCacheKeys } from '../../src/server/auth-limiter.ts'

const AXE = createRequire(
  import.meta.resolve('@stratum/host-frontend/test/browser-kit.ts'),
).resolve('axe-core/axe.min.js')
const USER = `sessions-${Date.now()}@example.test`
// Three devices of one person, told apart in the list by what their browsers say.
const DEVICES = {
  laptop: undefined,
  desktop: 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:128.0) Gecko/20100101 Firefox/128.0',
  phone:
    'Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1',
} as const
// The app keeps its counters in Redis under a prefix of its own, which the test reaches too.
const CACHE_PREFIX = `stratum-sessions-test:${process.pid}-${Date.now()}:`
const LOOPBACK = / from (127\.0\.0\.1|::1|::ffff:127\.0\.0\.1)(?![\d.:])/

let app: BrowserApp | undefined
let cache: CacheStore | undefined
let origin: string

/** How many mails USER has received. */
async function mailCount(): Promise<number> {
  const { messages } = (await (await fetch(`${origin}/api/core/dev/mailbox`)).json()) as {
    messages: { to: string }[]
  }
  return messages.filter((m) => m.to.includes(USER)).length
}

/**
 * A context (a device) signed in as USER on /account. One code a minute per email: the minute
 * since the last device's code is made to pass by removing the cooldown counter from the cache,
 * as its expiry would.
 */
async function signedInDevice(browser: Browser, userAgent: string | undefined) {
  const context = await browser.newContext({
    locale: 'en-US',
    viewport: { width: 1280, height: 800 },
    bypassCSP: true,
    ...(userAgent ? { userAgent } : {}),
  })
  const page = await context.newPage()
  page.setDefaultTimeout(20_000)
  const problems = await watchProblems(page)
  await page.goto(`${origin}/account`)
  await page.waitForURL(/\/login/)
  await cache!.delete(authCacheKeys(USER).cooldown)
  const mailsBefore = await mailCount()
  await page.locator('input[type="email"]').fill(USER)
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/verify-otp/)
  // The newest mail is the previous device's (used) code until the new one arrives.
  for (let i = 0; i < 200 && (await mailCount()) === mailsBefore; i++) {
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  await page.keyboard.type(await codeFromMailbox(origin, USER), { delay: 20 })
  await page.waitForURL(`${origin}/account`)
  await switchToEnglish(page)
  return { context, page, problems }
}

/** The list item of the session a device with `device` text (e.g. "Firefox on Windows") holds. */
const sessionOf = (page: Page, device: string) =>
  page.getByTestId('session-item').filter({ hasText: device })

/**
 * Whether `page`, whose session was ended elsewhere, is sent to the sign-in page by its next
 * steps inside the app (no reload): to the overview, then back to My account, whose sessions
 * call is refused.
 */
async function sentToLogin(page: Page): Promise<boolean> {
  // This user has no tenant: the workspace pages are hidden, the overview is there for everyone.
  await page.getByRole('link', { name: 'Overview' }).first().click()
  await page.waitForURL(/\/admin|\/login/)
  if (!page.url().includes('/login')) {
    await page.getByRole('link', { name: 'My account' }).first().click()
    await page.waitForURL(/\/login/)
  }
  return new URL(page.url()).pathname === '/login'
}

describe.skipIf(!hasChromium())('signing out other sessions from My account, in Chromium', () => {
  beforeAll(async () => {
    cache = await createRedisCacheStore(TEST_REDIS_URL, captureLogger().logger, {
      prefix: CACHE_PREFIX,
    })
    app = await startBrowserApp('sessions', {
      NODE_ENV: 'development',
      REDIS_URL: TEST_REDIS_URL,
      CACHE_PREFIX,
    })
    origin = app.server.url
  }, 120_000)
  afterAll(async () => {
    await app?.close()
    await cache?.close()
  })

  it('ends one other session, then all others, while this one stays signed in', async () => {
    const a = await signedInDevice(app!.browser, DEVICES.laptop)
    const b = await signedInDevice(app!.browser, DEVICES.desktop)
    const c = await signedInDevice(app!.browser, DEVICES.phone)

    // A's list: three devices, each with its browser, address and times in words.
    await a.page.reload()
    const items = a.page.getByTestId('session-item')
    await sessionOf(a.page, 'Safari on iOS').waitFor()
    expect(await items.count()).toBe(3)
    const mine = (await sessionOf(a.page, 'This session').textContent()) ?? ''
    expect(mine).toContain('Chrome on Linux')
    for (const device of ['Chrome on Linux', 'Firefox on Windows', 'Safari on iOS']) {
      const text = (await sessionOf(a.page, device).textContent()) ?? ''
      expect(text, device).toMatch(LOOPBACK)
      // "Started Dec 2, 2026, 11:40 PM, last used …": readable, never a raw timestamp.
      expect(text, device).toMatch(/Started .*\d{1,2}:\d{2}.*, last used .*\d{1,2}:\d{2}/)
      expect(text, device).not.toMatch(/\d{4}-\d{2}-\d{2}T/)
    }
    // Only the others can be ended from here; the current one signs out instead.
    expect(await sessionOf(a.page, 'This session').getByRole('button').count()).toBe(0)
    await a.page.addScriptTag({ path: AXE })
    const violations = (await a.page.evaluate(
      "axe.run(document, { resultTypes: ['violations'] }).then((r) => r.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id + ': ' + v.nodes.map((n) => n.target.join(' ')).join(', ')))",
    )) as string[]
    expect(violations).toEqual([])
    await app!.shot(a.page, 'sessions-1280')
    await a.page.setViewportSize({ width: 390, height: 844 })
    await a.page.waitForFunction(
      'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
    )
    await app!.shot(a.page, 'sessions-390')
    await a.page.setViewportSize({ width: 1280, height: 800 })

    // A ends B's session: B's next step inside the app lands on the sign-in page.
    await sessionOf(a.page, 'Firefox on Windows').getByRole('button', { name: /^End/ }).click()
    await a.page.getByText('The session was ended.').waitFor()
    await sessionOf(a.page, 'Firefox on Windows').waitFor({ state: 'detached' })
    expect(await items.count()).toBe(2)
    expect(await sentToLogin(b.page)).toBe(true)
    // A full load of B finds no session either.
    await b.page.goto(`${origin}/account`)
    await b.page.waitForURL(/\/login/)

    // A and C are still signed in.
    await c.page.reload()
    await c.page.getByTestId('account-email').filter({ hasText: USER }).waitFor()

    // "Sign out all other sessions" ends every session but A's: here C's.
    await a.page.reload()
    await sessionOf(a.page, 'Safari on iOS').waitFor()
    await a.page.getByTestId('end-other-sessions').click()
    await a.page.getByText('Signed out of 1 other session.').waitFor()
    expect(await items.count()).toBe(1)
    expect(await items.first().textContent()).toContain('This session')
    await app!.shot(a.page, 'sessions-after-all-others')
    expect(await sentToLogin(c.page)).toBe(true)

    // A stays signed in, after a reload too.
    await a.page.reload()
    await a.page.getByTestId('account-email').filter({ hasText: USER }).waitFor()
    expect(a.page.url()).toBe(`${origin}/account`)
    expect(await a.page.getByTestId('end-other-sessions').count()).toBe(0)

    for (const device of [a, b, c]) {
      expect(device.problems).toEqual([])
      await device.context.close()
    }
  }, 300_000)
})

import {
  codeFromMailbox,
  hasChromium,
  startBrowserApp,
  switchToEnglish,
  watchProblems,
  type BrowserApp,
} from '@stratum/host-frontend/test/browser-kit.ts'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const DEMO = 'demo@stratum.localhost'
const TARGET = `ana.${Date.now()}@example.com`
const REASON = 'Support ticket 12: the client list looks empty'

let app: BrowserApp | undefined

/** Signs in through the API (code from the dev mailbox); returns the Bearer headers. */
async function apiSignIn(origin: string, email: string): Promise<Record<string, string>> {
  const json = { 'content-type': 'application/json', origin }
  await fetch(`${origin}/api/auth/request-otp`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email }),
  })
  const code = await codeFromMailbox(origin, email)
  const res = await fetch(`${origin}/api/auth/verify-otp`, {
    method: 'POST',
    headers: json,
    body: JSON.stringify({ email, code }),
  })
  expect(res.status).toBe(200)
  const { accessToken } = (await res.json()) as { accessToken: string }
  return { ...json, authorization: `Bearer ${accessToken}` }
}

/** The invite link's token in the newest invite mail to `email`. */
async function inviteToken(origin: string, email: string): Promise<string> {
  for (let attempt = 0; attempt < 50; attempt++) {
    const { messages } = (await (await fetch(`${origin}/api/core/dev/mailbox`)).json()) as {
      messages: { to: string; text: string }[]
    }
    const token = messages
      .filter((m) => m.to.includes(email))
      .map((m) => /#token=([\w-]+)/.exec(m.text)?.[1])
      .find(Boolean)
    if (token) return token
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`No invite arrived for ${email}.`)
}

describe.skipIf(!hasChromium())('impersonation in Chromium against the real backend', () => {
  beforeAll(async () => {
    // The demo user is a superadmin here, and account admin of acme (the demo seed).
    app = await startBrowserApp('impersonation', {
      NODE_ENV: 'development',
      SUPERADMIN_EMAILS: DEMO,
    })
  }, 120_000)

  afterAll(() => app?.close())

  it('starts from the members page with a reason, shows both identities on every page, and stops', async () => {
    const origin = app!.server.url
    const page = await app!.browser.newPage({
      locale: 'en-US',
      viewport: { width: 390, height: 844 },
    })
    page.setDefaultTimeout(15_000)
    const problems = await watchProblems(page)

    await page.goto(`${origin}/admin/members`)
    await page.waitForURL(/\/login/)
    await page.getByLabel('Email address').fill(DEMO)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/verify-otp/)
    await page.keyboard.type(await codeFromMailbox(origin, DEMO), { delay: 20 })
    await page.waitForURL(`${origin}/admin/members`)
    await switchToEnglish(page)
    // On a phone the tenant switcher sits in the folded menu: pick the tenant on a wide window.
    await page.setViewportSize({ width: 1280, height: 800 })
    await page.getByLabel('Tenant', { exact: true }).selectOption({ label: 'Acme Corporation' })
    await page.setViewportSize({ width: 390, height: 844 })

    // A second member of acme, through the real invite flow: the superadmin (account admin of
    // acme) invites from this page's session, the member accepts with their own.
    const target = await apiSignIn(origin, TARGET)
    const status = await page.evaluate(
      `(async () => {
        const acme = { 'x-tenant-id': 'acme', 'content-type': 'application/json' }
        const { roles } = await (await fetch('/api/tenants/roles', { headers: acme })).json()
        const roleId = roles.find((r) => r.key === 'user').id
        const res = await fetch('/api/tenants/invites', {
          method: 'POST', headers: acme, body: JSON.stringify({ email: '${TARGET}', roleId }),
        })
        return res.status
      })()`,
    )
    expect(status).toBe(201)
    const accepted = await fetch(`${origin}/api/tenants/invites/accept`, {
      method: 'POST',
      headers: target,
      body: JSON.stringify({ token: await inviteToken(origin, TARGET) }),
    })
    expect(accepted.status).toBe(200)
    await page.reload()
    await page.getByRole('heading', { name: 'Members of Acme Corporation' }).waitFor()

    // Not offered on the superadmin's own row; offered on the member's.
    await page.getByRole('button', { name: `Act as ${TARGET}` }).waitFor()
    expect(await page.getByRole('button', { name: `Act as ${DEMO}` }).count()).toBe(0)
    await page.getByRole('button', { name: `Act as ${TARGET}` }).click()
    const dialog = page.getByRole('dialog', { name: `Act as ${TARGET}` })
    await dialog.waitFor()
    // The reason field has focus; a short reason is refused before anything is sent.
    expect(await page.evaluate('document.activeElement?.tagName')).toBe('TEXTAREA')
    await dialog.getByLabel('Reason').fill('too short')
    await dialog.getByRole('button', { name: 'Start acting as this user' }).click()
    await dialog.getByText('Give a reason of at least 10 characters.').waitFor()
    await dialog.getByLabel('Reason').fill(REASON)
    await app!.shot(page, '1-reason-dialog')
    await dialog.getByRole('button', { name: 'Start acting as this user' }).click()

    const banner = page.getByTestId('impersonation-banner')
    await banner.waitFor()
    // The superadmin sees what the user sees, in the user's saved language (pt-BR) too.
    await switchToEnglish(page)
    expect(await banner.getAttribute('role')).toBe('status')
    const text = (await banner.textContent()) ?? ''
    expect(text).toContain(`You are acting as ${TARGET} on behalf of superadmin ${DEMO}`)
    expect(text).toMatch(/ends at \d{1,2}:\d{2}/i)
    // The banner fits the narrow screen: no sideways scrolling.
    expect(
      await page.evaluate(
        '({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth })',
      ),
    ).toSatisfy((w: { scroll: number; inner: number }) => w.scroll <= w.inner)
    await app!.shot(page, '2-banner-390')

    // Every page: the account page shows it too, and the target's account.
    await page.goto(`${origin}/account`)
    await page.getByTestId('account-email').filter({ hasText: TARGET }).waitFor()
    await banner.waitFor()
    await page.getByTestId('session-acting').first().waitFor()
    await page.setViewportSize({ width: 1280, height: 800 })
    await app!.shot(page, '3-account-desktop')

    await page.getByTestId('impersonation-stop').click()
    await banner.waitFor({ state: 'detached' })
    await page.goto(`${origin}/account`)
    await page.getByTestId('account-email').filter({ hasText: DEMO }).waitFor()
    expect(await banner.count()).toBe(0)
    const me = (await page.evaluate(`fetch('/api/auth/me').then((r) => r.json())`)) as {
      user: { email: string }
      impersonation: unknown
    }
    expect(me).toMatchObject({ user: { email: DEMO }, impersonation: null })
    await app!.shot(page, '4-stopped')
    expect(problems).toEqual([])
    await page.close()
  }, 90_000)
})

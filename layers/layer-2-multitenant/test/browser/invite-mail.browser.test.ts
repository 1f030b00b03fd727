import {
  codeFromMailbox,
  hasChromium,
  rgb,
  startBrowserApp,
  switchToEnglish,
  theme,
  watchProblems,
  type BrowserApp,
} from '@stratum/host-frontend/test/browser-kit.ts'
import type { Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const DEMO = 'demo@stratum.localhost'
const INVITER = `Demo User (${DEMO})`

interface Mail {
  from: string
  to: string
  subject: string
  text: string
  html: string
}

/** The newest mail to `email` in the dev mailbox; sent by a job worker, so up to 20 s. */
async function mailTo(origin: string, email: string): Promise<Mail> {
  for (let attempt = 0; attempt < 200; attempt++) {
    const { messages } = (await (await fetch(`${origin}/api/core/dev/mailbox`)).json()) as {
      messages: Mail[]
    }
    const mail = messages.find((m) => m.to.includes(email))
    if (mail) return mail
    await new Promise((resolve) => setTimeout(resolve, 100))
  }
  throw new Error(`No mail arrived for ${email}.`)
}

/** Invites `email` from the members page's form, with `role` (its label) or the default role. */
async function invite(page: Page, email: string, role?: string) {
  const form = page.getByTestId('invite-form')
  await form.locator('input[type="email"]').fill(email)
  if (role) await form.locator('select').selectOption({ label: role })
  await form.locator('button[type="submit"]').click()
  await page.locator(`[data-testid="invites-table"] [data-invite="${email}"]`).waitFor()
}

let app: BrowserApp | undefined
let port: string

describe.skipIf(!hasChromium())('the invite mail on a themed host, in Chromium', () => {
  beforeAll(async () => {
    // Development on the embedded defaults: the demo seed (acme, the demo user) runs.
    app = await startBrowserApp('invite-mail', { NODE_ENV: 'development' })
    port = new URL(app.server.url).port
  }, 120_000)
  afterAll(() => app?.close())

  it('is sent in client-a’s name and colours, in the inviter’s language, and its link joins the tenant', async () => {
    const clientA = (await theme('client-a')) as Awaited<ReturnType<typeof theme>> & {
      mail: { senderName: string }
    }
    const primary = clientA.variables['--color-primary']!
    // Themes pick by subdomain: this host wears client-a.
    const origin = `http://client-a.localhost:${port}`
    const admin = await app!.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
    })
    const page = await admin.newPage()
    page.setDefaultTimeout(20_000)
    const problems = await watchProblems(page)
    await page.goto(`${origin}/admin/members`)
    await page.waitForURL(/\/login/)
    await page.locator('input[type="email"]').fill(DEMO)
    await page.keyboard.press('Enter')
    await page.waitForURL(/\/verify-otp/)
    await page.keyboard.type(await codeFromMailbox(app!.server.url, DEMO), { delay: 20 })
    await page.waitForURL(`${origin}/admin/members`)
    await page.getByTestId('client-a-header').waitFor()

    // The demo user reads the app in Portuguese (their saved language): a new user's invite
    // is written in it.
    await page.locator('html[lang="pt-BR"]').waitFor()
    const stamp = Date.now()
    const inPortuguese = `convidada-${stamp}@example.test`
    await invite(page, inPortuguese)
    // Switched to English, the next invite is in English.
    await switchToEnglish(page)
    const inEnglish = `invitee-${stamp}@example.test`
    await invite(page, inEnglish, 'Viewer')

    const pt = await mailTo(app!.server.url, inPortuguese)
    const en = await mailTo(app!.server.url, inEnglish)
    for (const mail of [pt, en]) {
      expect(mail.from).toBe(`"${clientA.mail.senderName}" <no-reply@stratum.localhost>`)
      expect(mail.html).toContain(`border-top:6px solid ${primary}`)
      expect(mail.html).toContain(`<img src="cid:logo" alt="${clientA.title}"`)
      // The link leads back to the host the invite was sent from.
      expect(mail.text).toContain(`${origin}/invites/accept#token=`)
    }
    expect(pt.subject).toBe('Você foi convidado para Acme Corporation')
    expect(pt.html).toContain('<html lang="pt-BR">')
    expect(pt.text).toContain(
      'Você foi convidado para participar de Acme Corporation como Usuário.',
    )
    expect(pt.text).toContain(`O convite foi enviado por ${INVITER}.`)
    expect(en.subject).toBe('You are invited to Acme Corporation')
    expect(en.html).toContain('<html lang="en-US">')
    expect(en.text).toContain('You have been invited to join Acme Corporation as Viewer.')
    expect(en.text).toContain(`The invitation comes from ${INVITER}.`)

    // The HTML part as a mail client shows it: client-a's band colour and logo.
    const view = await admin.newPage()
    await view.setContent(en.html)
    const band = (await view.evaluate(
      'getComputedStyle(document.querySelector("table")).borderTopColor',
    )) as string
    expect(band).toBe(rgb(primary))
    expect(await view.locator(`img[alt="${clientA.title}"]`).count()).toBe(1)
    await app!.shot(view, 'invite-mail-en-US')
    await view.setContent(pt.html)
    await app!.shot(view, 'invite-mail-pt-BR')
    await view.close()

    // The invitee opens the link, signs in, and the page names the tenant, role and inviter.
    const link = /(http\S+\/invites\/accept#token=[\w-]+)/.exec(en.text)![1]!
    const guest = await app!.browser.newContext({ locale: 'en-US' })
    const newcomer = await guest.newPage()
    newcomer.setDefaultTimeout(20_000)
    const newcomerProblems = await watchProblems(newcomer)
    await newcomer.goto(link)
    await newcomer.waitForURL(/\/login/)
    await newcomer.locator('input[type="email"]').fill(inEnglish)
    await newcomer.keyboard.press('Enter')
    await newcomer.waitForURL(/\/verify-otp/)
    await newcomer.keyboard.type(await codeFromMailbox(app!.server.url, inEnglish), { delay: 20 })
    await newcomer.waitForURL(/\/invites\/accept/)
    await switchToEnglish(newcomer)
    const offer = newcomer.getByTestId('invite-offer')
    await offer.waitFor()
    expect(await offer.textContent()).toContain(
      `${INVITER} invited you to join Acme Corporation as Viewer.`,
    )
    await newcomer.getByRole('heading', { name: 'Join Acme Corporation', level: 1 }).waitFor()
    await newcomer.getByTestId('client-a-header').waitFor()
    await app!.shot(newcomer, 'invitation-client-a')
    await newcomer.getByTestId('accept').click()
    await newcomer.getByTestId('joined').waitFor()
    await newcomer.getByTestId('open-tenant').click()
    await newcomer.waitForURL(`${origin}/dashboard`)
    await newcomer.getByRole('heading', { name: 'Dashboard of Acme Corporation' }).waitFor()

    expect(problems).toEqual([])
    expect(newcomerProblems).toEqual([])
    await guest.close()
    await admin.close()
  }, 150_000)
})

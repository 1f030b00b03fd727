import { readFileSync } from 'node:fs'
import { readdir, readFile } from 'node:fs/promises'
import path from 'node:path'
import {
  codeFromMailbox,
  hasChromium,
  startBrowserApp,
  switchToEnglish,
  watchProblems,
  type BrowserApp,
} from '@stratum/host-frontend/test/browser-kit.ts'
import type { BrowserContext, Locator, Page } from 'playwright-core'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

const DEMO = 'demo@stratum.localhost'
const ROOT = path.resolve(import.meta.dirname, '../../../..')

/** axe-core as lighthouse ships it (no package of ours depends on it directly yet). */
async function axeSource(): Promise<string> {
  const store = path.join(ROOT, 'node_modules/.pnpm')
  const dir = (await readdir(store)).find((d) => d.startsWith('axe-core@'))
  if (!dir) throw new Error('axe-core is not installed')
  return readFile(path.join(store, dir, 'node_modules/axe-core/axe.min.js'), 'utf8')
}

/**
 * Serious and critical axe-core violations in the page's own content as it is now (the header's
 * user menu belongs to the app shell, which its own tests check).
 */
async function seriousViolations(page: Page, axe: string): Promise<string[]> {
  await page.addScriptTag({ content: axe })
  const result = (await page.evaluate(
    'axe.run(document.querySelector(".app-page, .tenant-page") ?? document, { resultTypes: ["violations"] })',
  )) as {
    violations: { id: string; impact: string; nodes: { target: string[] }[] }[]
  }
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`)
}

/**
 * Whether the page still scrolls sideways once layout has settled after a resize: asked again
 * for up to 3 s, since a loaded machine lays out the narrow window a few frames late.
 */
const scrollsSideways = async (page: Page) => {
  const fits = () =>
    page.evaluate(
      'document.documentElement.scrollWidth <= document.documentElement.clientWidth',
    ) as Promise<boolean>
  for (let attempt = 0; attempt < 30; attempt++) {
    if (await fits()) return false
    await page.waitForTimeout(100)
  }
  return true
}

/** Signs in through the one-time code, from the login page a guarded URL sent us to. */
async function signIn(page: Page, origin: string, email: string) {
  await page.waitForURL(/\/login/)
  await page.locator('input[type="email"]').fill(email)
  await page.keyboard.press('Enter')
  await page.waitForURL(/\/verify-otp/)
  await page.keyboard.type(await codeFromMailbox(origin, email), { delay: 20 })
}

/**
 * Opens client `name` as the admin and shares it with `email` through the Share dialog; `fill`
 * ticks more than View or sets a date first. Returns the dialog, still open.
 */
async function shareClient(
  page: Page,
  name: string,
  email: string,
  fill: (dialog: Locator) => Promise<void> = async () => undefined,
) {
  await page.goto(`${origin}/clients?q=${encodeURIComponent(name)}`)
  await page.getByRole('link', { name, exact: true }).click()
  await page.waitForURL(/\/clients\/[0-9a-f-]{36}$/)
  await page.getByTestId('share').click()
  const dialog = page.getByTestId('share-dialog')
  await dialog.getByLabel('Member').selectOption({ label: email })
  await fill(dialog)
  await dialog.getByTestId('share-submit').click()
  await dialog.getByTestId('share-status').getByText(`Shared with ${email}.`).waitFor()
  return dialog
}

let app: BrowserApp | undefined
let origin: string
let axe: string

describe.skipIf(!hasChromium())('invitations, roles, reports and sharing in Chromium', () => {
  beforeAll(async () => {
    // Development on the embedded defaults: the demo seed (tenants, clients, projects) runs.
    app = await startBrowserApp('content', { NODE_ENV: 'development' })
    origin = app.server.url
    axe = await axeSource()
  }, 120_000)
  afterAll(() => app?.close())

  it('walks a new member from the invitation to a shared client, with reports and readable roles on the way', async () => {
    const admin: BrowserContext = await app!.browser.newContext({
      locale: 'en-US',
      viewport: { width: 1280, height: 900 },
      bypassCSP: true,
      acceptDownloads: true,
    })
    const page = await admin.newPage()
    const problems = await watchProblems(page)
    await page.goto(`${origin}/admin/roles`)
    await signIn(page, origin, DEMO)
    await page.waitForURL(`${origin}/admin/roles`)

    // The demo user's language is pt-BR: permissions read as Portuguese phrases, keys as hints.
    const grid = page.getByTestId('roles-grid')
    await grid.waitFor()
    const clientView = grid.locator('tr[data-permission="client.view"] th')
    expect(await clientView.locator('.roles-grid__phrase').textContent()).toBe('Ver clientes')
    expect(await clientView.locator('code').textContent()).toBe('client.view')
    expect(
      await grid
        .locator('tr[data-permission="i18n.tenant-manage"] .roles-grid__phrase')
        .textContent(),
    ).toBe('Editar os textos próprios desta organização')
    // System roles: marks in words, no faint disabled boxes.
    expect(await grid.locator('input[disabled]').count()).toBe(0)
    expect(await grid.getByText('Concedida', { exact: true }).count()).toBeGreaterThan(0)
    await app!.shot(page, 'roles-pt-BR')
    expect(await seriousViolations(page, axe)).toEqual([])
    await page.goto(`${origin}/admin`)
    await page.locator('li[data-permission="client.*"]').getByText('Tudo em clientes').waitFor()

    await switchToEnglish(page)

    // The seeded tenant has clients and projects; the report counts them per month and status.
    await page.goto(`${origin}/reports`)
    await page.getByRole('heading', { name: 'Reports', level: 1 }).waitFor()
    const table = page.getByTestId('report-table')
    await table.waitFor()
    expect(await table.locator('tbody tr').count()).toBe(12)
    expect(await page.getByTestId('report-totals').textContent()).toContain('Live clients')
    const active = page.getByTestId('status-bars').locator('[data-status="active"]')
    expect(await active.textContent()).toContain('3 (43%)')
    await app!.shot(page, 'reports-desktop')
    expect(await seriousViolations(page, axe)).toEqual([])
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByTestId('export-csv').click(),
    ])
    expect(download.suggestedFilename()).toBe('report-acme.csv')
    const bytes = readFileSync((await download.path())!)
    expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const lines = bytes.subarray(3).toString('utf8').trim().split('\r\n')
    expect(lines[0]).toBe(
      '"month","new_clients","new_projects","projects_planned","projects_active","projects_done"',
    )
    expect(lines).toHaveLength(13)
    await page.getByTestId('status').getByText('report-acme.csv').waitFor()
    await page.setViewportSize({ width: 390, height: 844 })
    await page.getByTestId('monthly-chart').waitFor()
    expect(await scrollsSideways(page)).toBe(false)
    await app!.shot(page, 'reports-390')
    await page.setViewportSize({ width: 1280, height: 900 })

    // Invite a new member as User.
    const invitee = `new-member-${Date.now()}@example.test`
    await page.goto(`${origin}/admin/members`)
    const form = page.getByTestId('invite-form')
    await form.getByLabel('Email address').fill(invitee)
    await form.getByLabel('Role').selectOption({ label: 'User' })
    await form.getByRole('button', { name: 'Send invitation' }).click()
    await page.getByText(`Invitation sent to ${invitee}.`).waitFor()

    // The new member opens the link: the page names the tenant, the role and who invited.
    let link: string | undefined
    // Sent by a job worker after the request committed: allow a loaded machine up to 20 s.
    for (let i = 0; i < 200 && !link; i++) {
      const { messages } = (await (await fetch(`${origin}/api/core/dev/mailbox`)).json()) as {
        messages: { to: string; text: string }[]
      }
      const mail = messages.find((m) => m.to.includes(invitee))
      link = mail && /(\/invites\/accept#token=[A-Za-z0-9_-]+)/.exec(mail.text)?.[1]
      if (!link) await new Promise((resolve) => setTimeout(resolve, 100))
    }
    expect(link).toBeDefined()
    const guest = await app!.browser.newContext({ locale: 'en-US', bypassCSP: true })
    const newcomer = await guest.newPage()
    const newcomerProblems = await watchProblems(newcomer)
    await newcomer.goto(`${origin}${link}`)
    await signIn(newcomer, origin, invitee)
    await newcomer.waitForURL(/\/invites\/accept/)
    await switchToEnglish(newcomer)
    const offer = newcomer.getByTestId('invite-offer')
    await offer.waitFor()
    expect(await offer.textContent()).toContain(
      `Demo User (${DEMO}) invited you to join Acme Corporation as User.`,
    )
    await newcomer.getByRole('heading', { name: 'Join Acme Corporation', level: 1 }).waitFor()
    await app!.shot(newcomer, 'invitation')
    expect(await seriousViolations(newcomer, axe)).toEqual([])
    await newcomer.getByTestId('accept').click()
    await newcomer.getByTestId('joined').waitFor()
    await newcomer.getByTestId('open-tenant').click()
    await newcomer.waitForURL(`${origin}/dashboard`)
    await newcomer.getByRole('heading', { name: 'Dashboard of Acme Corporation' }).waitFor()

    // A view share on a client someone else created: the member sees it, but no Edit or Delete.
    const viewDialog = await shareClient(page, 'Umbrella Health', invitee)
    await page.keyboard.press('Escape')
    await viewDialog.waitFor({ state: 'hidden' })
    await newcomer.goto(`${origin}/clients?q=Umbrella`)
    await newcomer.getByRole('link', { name: 'Umbrella Health', exact: true }).waitFor()
    expect(await newcomer.getByRole('link', { name: 'Edit Umbrella Health' }).count()).toBe(0)
    expect(await newcomer.getByRole('button', { name: 'Delete Umbrella Health' }).count()).toBe(0)
    await newcomer.goto(page.url())
    await newcomer.getByTestId('item-details').waitFor()
    for (const action of ['edit', 'delete', 'share']) {
      expect([action, await newcomer.getByTestId(action).count()]).toEqual([action, 0])
    }
    await app!.shot(newcomer, 'view-share')

    // Share a client with the new member until a date; the dialog lists who and until when.
    const day = new Date(Date.now() + 30 * 86_400_000).toISOString().slice(0, 10)
    const dialog = await shareClient(page, 'Initech', invitee, async (open) => {
      await open.getByLabel('Edit').check()
      await open.getByLabel('Until (optional)').fill(day)
    })
    const entry = dialog.getByTestId('share-list').locator('li')
    await entry.first().waitFor()
    expect(await entry.count()).toBe(1)
    const longDate = new Intl.DateTimeFormat('en-US', { dateStyle: 'long' }).format(
      new Date(`${day}T12:00:00`),
    )
    expect(await entry.textContent()).toContain(invitee)
    expect(await entry.textContent()).toContain('View, Edit')
    expect(await entry.textContent()).toContain(`until ${longDate}`)
    await app!.shot(page, 'share-dialog')
    expect(await seriousViolations(page, axe)).toEqual([])
    await page.setViewportSize({ width: 390, height: 844 })
    expect(await scrollsSideways(page)).toBe(false)
    await app!.shot(page, 'share-dialog-390')
    await page.setViewportSize({ width: 1280, height: 900 })

    // The grant is real, and the page offers it: the member, whose role edits only their own
    // clients, sees Edit on this one (in the list too) and saves a change.
    const clientUrl = page.url()
    await newcomer.goto(`${origin}/clients?q=Initech`)
    await newcomer.getByRole('link', { name: 'Edit Initech' }).waitFor()
    expect(await newcomer.getByRole('button', { name: 'Delete Initech' }).count()).toBe(0)
    await newcomer.goto(clientUrl)
    await newcomer.getByRole('heading', { name: 'Initech', level: 1 }).waitFor()
    expect(await newcomer.getByTestId('delete').count()).toBe(0)
    await newcomer.getByTestId('edit').click()
    await newcomer.waitForURL(`${clientUrl}/edit`)
    await newcomer.getByLabel('Notes').fill('Edited through a share.')
    await newcomer.getByRole('button', { name: 'Save changes' }).click()
    await newcomer.waitForURL(clientUrl)
    await newcomer.getByTestId('status').getByText('Changes saved.').waitFor()
    expect(await newcomer.getByTestId('item-details').textContent()).toContain(
      'Edited through a share.',
    )
    await app!.shot(newcomer, 'edit-share-saved')

    // Revoke: nobody has extra access any more.
    await dialog.getByRole('button', { name: `Revoke the access of ${invitee}` }).click()
    await dialog.getByTestId('share-none').waitFor()
    await page.keyboard.press('Escape')
    await dialog.waitFor({ state: 'hidden' })

    expect(problems).toEqual([])
    expect(newcomerProblems).toEqual([])
    await guest.close()
    await admin.close()
  })
})

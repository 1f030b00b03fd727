import { afterEach, describe, expect, it } from 'vitest'
import {
  ADMIN,
  membership,
  settle,
  startAppTest,
  type AppTest,
  type SeenRequest,
} from '../testing/app-test-kit.ts'

let app: AppTest | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const BUDGET = 1234.5
/** What `Intl` itself writes for the budget: the oracle the page is compared with. */
const money = (currency: string, locale = 'en-US') =>
  new Intl.NumberFormat(locale, { style: 'currency', currency }).format(BUDGET)

const project = (tenant: string) => ({
  id: `00000000-0000-4000-8000-00000000000${tenant === 'tenant-acme' ? 1 : 2}`,
  client: { id: '00000000-0000-4000-8000-000000000009', name: 'Client' },
  name: `Project of ${tenant}`,
  status: 'active',
  budget: BUDGET,
  dueDate: null,
  createdBy: 'user-ana',
  createdAt: '2026-01-01T00:00:00.000Z',
  updatedAt: '2026-01-02T00:00:00.000Z',
  deletedAt: null,
  access: { edit: true, delete: true, share: true },
})

/** Two tenants with their own stored currency; PATCH changes the requesting tenant's. */
function backend(currencies: Record<string, string | null>) {
  return (r: SeenRequest): [number, unknown] | undefined => {
    const tenant = r.tenant ?? ''
    if (r.path === '/api/app/projects' && r.method === 'GET') {
      return [200, { items: [project(tenant)], total: 1, page: 1, pageSize: 25 }]
    }
    if (r.path === `/api/app/projects/${project(tenant).id}`) return [200, project(tenant)]
    if (r.path !== '/api/app/settings/tenant') return undefined
    if (r.method === 'PATCH') {
      const body = r.body as { currency?: string | null }
      if (body.currency !== undefined) currencies[tenant] = body.currency
    }
    return [
      200,
      {
        name: tenant,
        displayName: null,
        theme: null,
        currency: currencies[tenant] ?? null,
        availableThemes: ['base'],
      },
    ]
  }
}

const budgetCell = () =>
  app!.el.querySelector('[data-testid="projects-table"] tbody td.is-number')?.textContent?.trim()
/** The hint the project form's budget field is described by. */
const budgetHint = () => {
  const input = app!.el.querySelector('input[name="budget"]')
  const hint = input?.getAttribute('aria-describedby')?.split(' ')[0]
  return hint ? app!.el.querySelector(`[id="${hint}"]`)?.textContent : undefined
}
const settingsReads = (tenant: string) =>
  app!.seen.filter(
    (r) => r.method === 'GET' && r.path === '/api/app/settings/tenant' && r.tenant === tenant,
  ).length

describe('amounts in the tenant’s currency', () => {
  it('shows budgets in the current tenant’s currency and follows tenant switches', async () => {
    app = await startAppTest({
      path: '/projects',
      memberships: [
        // Read-only in Acme, so a project's page shows its details rather than the form.
        membership('acme', 'Acme Corporation', ['client.view', 'project.view']),
        membership('globex', 'Globex', ADMIN),
      ],
      handle: backend({ 'tenant-acme': 'EUR', 'tenant-globex': null }),
    })
    expect(budgetCell()).toBe(money('EUR'))

    // Globex keeps the language's own currency (en-US: USD).
    await app.tenant.select('tenant-globex')
    await settle()
    expect(budgetCell()).toBe(money('USD'))
    await app.tenant.select('tenant-acme')
    await settle()
    expect(budgetCell()).toBe(money('EUR'))
    // Loaded once per visit to a tenant, however many amounts are shown.
    expect([settingsReads('tenant-acme'), settingsReads('tenant-globex')]).toEqual([2, 1])

    // The project's own page too, without asking again.
    await app.router.push(`/projects/${project('tenant-acme').id}`)
    await settle()
    const details = [...app.el.querySelectorAll('[data-testid="item-details"] dt')].map((dt) => [
      dt.textContent?.trim(),
      dt.nextElementSibling?.textContent?.trim(),
    ])
    expect(details).toContainEqual(['Budget', money('EUR')])
    expect(settingsReads('tenant-acme')).toBe(2)
  })

  it('saves the currency from the settings page, and amounts use it at once', async () => {
    app = await startAppTest({
      path: '/settings',
      handle: backend({ 'tenant-acme': null }),
    })
    const section = app.el.querySelector('[data-testid="tenant-settings"]')!
    const select = section.querySelector<HTMLSelectElement>('select[name="currency"]')!
    expect(section.querySelector(`label[for="${select.id}"]`)?.textContent?.trim()).toBe('Currency')
    expect([...select.options].map((o) => [o.value, o.textContent?.trim()])).toEqual([
      ['', 'The language’s own'],
      ['BRL', 'Brazilian real (BRL)'],
      ['USD', 'US dollar (USD)'],
      ['EUR', 'Euro (EUR)'],
    ])
    expect(select.value).toBe('')
    select.value = 'BRL'
    select.dispatchEvent(new Event('change'))
    section.querySelector('form')!.dispatchEvent(new Event('submit'))
    await settle()
    const patch = app.seen.find((r) => r.method === 'PATCH')
    expect(patch?.body).toEqual({ displayName: null, theme: null, currency: 'BRL' })

    await app.router.push('/projects')
    await settle()
    expect(budgetCell()).toBe(money('BRL'))
    // The budget field (on the edit page) says which currency it is entered in.
    await app.router.push(`/projects/${project('tenant-acme').id}/edit`)
    await settle()
    expect(budgetHint()).toBe('In BRL.')

    // Back to the language's own.
    await app.router.push('/settings')
    await settle()
    const again = app.el.querySelector<HTMLSelectElement>('select[name="currency"]')!
    expect(again.value).toBe('BRL')
    again.value = ''
    again.dispatchEvent(new Event('change'))
    app.el.querySelector('[data-testid="tenant-settings"] form')!.dispatchEvent(new Event('submit'))
    await settle()
    await app.router.push('/projects')
    await settle()
    expect(budgetCell()).toBe(money('USD'))
    await app.router.push(`/projects/${project('tenant-acme').id}/edit`)
    await settle()
    expect(budgetHint()).toBe('In USD.')
  })
  it('drops a tenant’s settings that arrive after the user switched away', async () => {
    const currencies = { 'tenant-acme': 'EUR', 'tenant-globex': 'BRL' }
    const serve = backend(currencies)
    let release: () => void = () => undefined
    const late = new Promise<void>((resolve) => (release = resolve))
    let holdAcme = false
    app = await startAppTest({
      path: '/projects',
      memberships: [
        membership('globex', 'Globex', ADMIN),
        membership('acme', 'Acme Corporation', ADMIN),
      ],
      handle: async (r) => {
        if (holdAcme && r.tenant === 'tenant-acme' && r.path === '/api/app/settings/tenant') {
          await late
        }
        return serve(r)
      },
    })
    expect(budgetCell()).toBe(money('BRL'))
    holdAcme = true
    await app.tenant.select('tenant-acme')
    await settle()
    await app.tenant.select('tenant-globex')
    await settle()
    expect(budgetCell()).toBe(money('BRL'))
    release()
    await settle()
    // Acme's late answer (EUR) does not land on Globex's page.
    expect(budgetCell()).toBe(money('BRL'))
  })
})

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

const month = (m: string, clients: number, projects: number) => ({
  month: m,
  clients,
  projects,
  planned: projects,
  active: 0,
  done: 0,
})
const handle = (r: SeenRequest): [number, unknown] | undefined =>
  r.path === '/api/app/reports'
    ? [
        200,
        {
          months: [month('2026-05', 2, 1), month('2026-06', 0, 0), month('2026-07', 1, 3)],
          totals: { clients: 3, projects: 4, planned: 1, active: 2, done: 1 },
        },
      ]
    : undefined

describe('ReportsPage', () => {
  it('shows totals, a month table and projects by status, and asks the range the user picks', async () => {
    app = await startAppTest({
      path: '/reports',
      memberships: [membership('acme', 'Acme Corporation', [...ADMIN, 'report.*'])],
      handle,
    })
    expect(app.el.querySelector('h1')?.textContent).toBe('Reports')
    expect(app.el.querySelector('[data-testid="report-totals"]')?.textContent).toContain('3')
    const rows = [...app.el.querySelectorAll('[data-testid="report-table"] tbody tr')].map((tr) =>
      [...tr.children].map((c) => c.textContent?.trim()),
    )
    expect(rows).toEqual([
      ['May 2026', '2', '1', '1', '0', '0'],
      ['Jun 2026', '0', '0', '0', '0', '0'],
      ['Jul 2026', '1', '3', '3', '0', '0'],
    ])
    expect(
      app.el
        .querySelector('[data-testid="monthly-chart"] [role="img"]')
        ?.getAttribute('aria-label'),
    ).toBe('3 clients and 4 projects created in the last 3 months.')
    expect(
      app.el.querySelector('[data-testid="status-bars"] [data-status="active"]')?.textContent,
    ).toContain('2 (50%)')
    expect(app.seen.find((r) => r.path === '/api/app/reports')?.query.get('months')).toBe('12')

    const select = app.el.querySelector<HTMLSelectElement>('select[name="months"]')!
    select.value = '24'
    select.dispatchEvent(new Event('change'))
    await settle()
    expect(
      app.seen
        .filter((r) => r.path === '/api/app/reports')
        .at(-1)
        ?.query.get('months'),
    ).toBe('24')
    expect(app.el.querySelector('[data-testid="export-csv"]')).not.toBeNull()
  })

  it('offers no export without report.export', async () => {
    app = await startAppTest({
      path: '/reports',
      memberships: [membership('acme', 'Acme Corporation', ['report.view'])],
      handle,
    })
    expect(app.el.querySelector('[data-testid="report-table"]')).not.toBeNull()
    expect(app.el.querySelector('[data-testid="export-csv"]')).toBeNull()
  })
})

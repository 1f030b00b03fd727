import { afterEach, describe, expect, it, vi } from 'vitest'
import {
  failure,
  settle,
  startLanguagesTestApp,
  type Handler,
} from '../testing/languages-test-app.ts'

type TestApp = Awaited<ReturnType<typeof startLanguagesTestApp>>
let app: TestApp | undefined
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

const ROW = {
  namespace: 'authenticated',
  key: 'nav.clients',
  locale: 'pt-BR',
  value: 'Clientes VIP',
  source: 'Clients',
  compiled: 'Clientes',
  id: '6f1c2b8e-1111-4c4c-8888-000000000001',
  version: 1,
}

async function openConsole(handle: Handler) {
  app = await startLanguagesTestApp({ permissions: ['i18n.tenant-manage'], handle })
  await app.router.push('/languages')
  return vi.waitFor(
    () => {
      const table = app!.el.querySelector<HTMLTableElement>('[data-testid="translation-table"]')
      if (!table?.querySelector('tr[data-key]')) throw new Error('no rows yet')
      return table
    },
    { timeout: 5000 },
  )
}

describe('translation console', () => {
  it('lists keys with the en-US source beside the target locale, for the tenant scope', async () => {
    const seen: URLSearchParams[] = []
    const table = await openConsole((r) => {
      if (r.path === '/api/admin/languages/translations') {
        seen.push(r.query)
        return [200, { items: [ROW], total: 1 }]
      }
      if (r.path === '/api/admin/languages/coverage') return [200, { items: [] }]
      return undefined
    })
    const cells = [...table.querySelectorAll('tbody td')].map((td) => td.textContent?.trim())
    expect(cells[0]).toBe('authenticated.nav.clients')
    expect(cells[1]).toBe('Clients')
    expect(cells[2]).toContain('Clientes VIP')
    expect(seen[0]?.get('tenant')).toBe('tenant-acme')
    expect(seen[0]?.get('locale')).toBe('pt-BR')
  })

  it('refuses a value that breaks the placeholders, and shows the current value on a 409', async () => {
    const puts: unknown[] = []
    const table = await openConsole((r) => {
      if (r.path === '/api/admin/languages/translations' && r.method === 'GET') {
        return [
          200,
          { items: [{ ...ROW, source: '{count} clients', value: '{count} clientes' }], total: 1 },
        ]
      }
      if (r.path === '/api/admin/languages/translations' && r.method === 'PUT') {
        puts.push(r.body)
        return failure(409, 'TRANSLATION_VERSION_CONFLICT', {
          current: { ...ROW, source: '{count} clients', value: '{count} pacientes', version: 2 },
        })
      }
      if (r.path === '/api/admin/languages/coverage') return [200, { items: [] }]
      return undefined
    })
    table.querySelector<HTMLButtonElement>('[data-testid="row-edit"]')!.click()
    await settle(2)
    const editor = table.querySelector<HTMLTextAreaElement>('[data-testid="row-editor"]')!
    editor.value = 'clientes'
    editor.dispatchEvent(new Event('input'))
    table.querySelector<HTMLButtonElement>('[data-testid="row-save"]')!.click()
    await settle(2)
    expect(table.querySelector('[role="alert"]')?.textContent?.trim()).toBe(
      'Keep the placeholders of the source: {count}.',
    )
    expect(puts).toEqual([])

    editor.value = '{count} clientes especiais'
    editor.dispatchEvent(new Event('input'))
    table.querySelector<HTMLButtonElement>('[data-testid="row-save"]')!.click()
    await settle()
    expect(puts).toEqual([
      {
        locale: 'pt-BR',
        namespace: 'authenticated',
        key: 'nav.clients',
        value: '{count} clientes especiais',
        tenant: 'tenant-acme',
        version: 1,
      },
    ])
    expect(table.querySelector('[role="alert"]')?.textContent).toContain(
      'It now reads: {count} pacientes',
    )
  })
})

import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import type { LogItem } from '../../shared/log-schemas.ts'
import { mountConsole } from '../testing/console-test-app.ts'
import LogsPage from './LogsPage.vue'

const entry = (over: Partial<LogItem>): LogItem => ({
  id: '1',
  level: 'ERROR',
  message: 'TypeError: x is undefined',
  timestamp: '2026-12-02T12:00:00Z',
  userId: 'u-1',
  tenantId: null,
  sessionId: 's-1',
  requestId: 'req-1',
  ipAddress: '127.0.0.1',
  userAgent: 'Chromium',
  url: '/clients',
  context: {
    kind: 'uncaught',
    breadcrumbs: [{ at: '2026-12-02T11:59:59Z', kind: 'click', text: 'button "Save"' }],
  },
  stackTrace: 'TypeError: x is undefined\n    at save (app.js:1:1)',
  durationMs: null,
  source: 'browser',
  ...over,
})

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

describe('LogsPage', () => {
  it('lists entries, sends the filters, and opens a drawer with stack, breadcrumbs and context', async () => {
    const { wrapper, asked } = await mountConsole(LogsPage, {
      '/api/admin/logging/logs': {
        body: {
          items: [
            entry({}),
            entry({ id: '2', level: 'INFO', message: 'Page view /', requestId: null }),
          ],
          total: 2,
        },
      },
    })
    cleanup = () => wrapper.unmount()
    await flushPromises()
    expect(wrapper.findAll('[data-testid="log-row"]')).toHaveLength(2)
    expect(wrapper.get('[data-testid="log-total"]').text()).toBe('2 entries')
    expect(wrapper.get('[data-testid="trace-link"]').attributes('href')).toBe(
      '/logging/trace/req-1',
    )

    await wrapper.get('select[name="level"]').setValue('ERROR')
    await wrapper.get('input[name="q"]').setValue('TypeError')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(asked.at(-1)).toBe('/api/admin/logging/logs?level=ERROR&q=TypeError&limit=50')

    await wrapper.get('[data-testid="log-row"] button').trigger('click')
    const drawer = wrapper.get('[data-testid="log-drawer"]')
    expect(drawer.get('[data-testid="drawer-message"]').text()).toBe('TypeError: x is undefined')
    expect(drawer.get('[data-testid="drawer-stack"]').text()).toContain('at save')
    expect(drawer.get('[data-testid="breadcrumbs"]').text()).toContain('button "Save"')
    expect(drawer.get('[data-testid="drawer-context"]').text()).toContain('"kind": "uncaught"')
    expect(drawer.get('[data-testid="drawer-context"]').text()).not.toContain('breadcrumbs')
    await drawer.get('button').trigger('click')
    expect(wrapper.find('[data-testid="log-drawer"]').exists()).toBe(false)
  })

  it('says so when nothing matches, and shows a translated error with its request id', async () => {
    const empty = await mountConsole(LogsPage, {
      '/api/admin/logging/logs': { body: { items: [] } },
    })
    await flushPromises()
    expect(empty.wrapper.get('[data-testid="logs-empty"]').text()).toBe(
      'No entries match these filters.',
    )
    empty.wrapper.unmount()

    const refused = await mountConsole(LogsPage, {
      '/api/admin/logging/logs': {
        status: 403,
        body: { error: 'No.', code: 'LOGGING_FORBIDDEN', timestamp: '', requestId: 'req-403' },
      },
    })
    cleanup = () => refused.wrapper.unmount()
    await flushPromises()
    expect(refused.wrapper.text()).toContain('You are not allowed to see these records.')
    expect(refused.wrapper.text()).toContain('req-403')
    expect(refused.wrapper.find('[data-testid="logs-empty"]').exists()).toBe(false)
  })
})

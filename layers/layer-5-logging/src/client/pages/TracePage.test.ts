import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it } from 'vitest'
import { mountConsole } from '../testing/console-test-app.ts'
import TracePage from './TracePage.vue'

let cleanup: (() => void) | undefined
afterEach(() => cleanup?.())

describe('TracePage', () => {
  it("shows a request's metrics, logs and audit rows together", async () => {
    const { wrapper } = await mountConsole(
      TracePage,
      {
        '/api/admin/logging/trace/req-9': {
          body: {
            requestId: 'req-9',
            metrics: [
              {
                id: 'm1',
                timestamp: '2026-12-02T12:00:00Z',
                method: 'GET',
                endpoint: '/api/app/clients/:id',
                statusCode: 404,
                durationMs: 12,
                dbQueryCount: 2,
                dbQueryDurationMs: 3,
                userId: null,
                tenantId: null,
                requestId: 'req-9',
              },
            ],
            logs: [
              {
                id: 'l1',
                level: 'WARN',
                message: 'API GET /api/app/clients/x → 404',
                timestamp: '2026-12-02T12:00:00Z',
                userId: null,
                tenantId: null,
                sessionId: 's',
                requestId: 'req-9',
                ipAddress: null,
                userAgent: null,
                url: '/clients/x',
                context: null,
                stackTrace: null,
                durationMs: 14,
                source: 'browser',
              },
            ],
            audit: [],
          },
        },
      },
      '/logging/trace/req-9',
    )
    cleanup = () => wrapper.unmount()
    await flushPromises()
    expect(wrapper.get('[data-testid="trace-metrics"]').text()).toContain(
      'GET /api/app/clients/:id',
    )
    expect(wrapper.get('[data-testid="trace-metrics"]').text()).toContain('404')
    expect(wrapper.findAll('[data-testid="log-row"]')).toHaveLength(1)
    expect(wrapper.text()).toContain('This request changed nothing that is audited.')
  })

  it('opens the trace of a pasted request id', async () => {
    const { wrapper, router } = await mountConsole(TracePage, {}, '/logging/trace')
    cleanup = () => wrapper.unmount()
    await wrapper.get('input[name="requestId"]').setValue(' req-10 ')
    await wrapper.get('form').trigger('submit')
    await flushPromises()
    expect(router.currentRoute.value.fullPath).toBe('/logging/trace/req-10')
  })
})

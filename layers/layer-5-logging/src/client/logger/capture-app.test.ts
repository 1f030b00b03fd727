/* eslint-disable vue/one-component-per-file -- throwaway components of a test */
import { createApiClient } from '@stratum/layer-core/client'
import { fakeFetch } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { createApp, defineComponent, h } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import type { BrowserLogEntry } from '../../shared/ingest-schemas.ts'
import { createBrowserLogger, type LogTransport } from './browser-logger.ts'
import { captureApp } from './capture-app.ts'

let sent: BrowserLogEntry[][]
const transport: LogTransport = {
  send: (entries) => (sent.push([...entries]), Promise.resolve()),
  beacon: () => true,
}
const Page = defineComponent({ render: () => h('p', 'page') })

beforeEach(() => {
  sent = []
})
afterEach(() => vi.useRealTimers())

function setup() {
  const api = createApiClient({
    baseUrl: 'http://app.test',
    fetch: fakeFetch({
      '/api/app/clients': { body: { items: [] }, headers: { 'X-Request-ID': 'srv-ok' } },
      '/api/app/clients/missing': {
        status: 404,
        body: { error: 'No.', code: 'NOT_FOUND', timestamp: '', requestId: 'srv-404' },
      },
      '/api/app/boom': {
        status: 500,
        body: { error: 'Bad.', code: 'INTERNAL', timestamp: '', requestId: 'srv-500' },
      },
      '/api/logs/batch': { status: 202, body: { accepted: 1 } },
    }),
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'home', component: Page },
      { path: '/clients', name: 'clients', component: Page },
    ],
  })
  const app = createApp({ render: () => h('div') })
  const logger = createBrowserLogger({ transport })
  let clock = 0
  const capture = captureApp(logger, { app, router, api, ignorePrefix: '/api/logs' }, () => clock)
  return {
    api,
    router,
    app,
    logger,
    undo: capture.stop,
    leave: capture.leave,
    tick: (ms: number) => (clock += ms),
  }
}

describe('captureApp', () => {
  it('records API calls as breadcrumbs (no query), a 404 as a warning and a 500 as an error, with their request ids', async () => {
    const { api, logger } = setup()
    await api.get('/api/app/clients', { query: { q: 'private search' } })
    await api.get('/api/app/clients/missing').catch(() => undefined)
    await api.get('/api/app/boom').catch(() => undefined)
    await logger.flush()
    const entries = sent.flat()
    expect(entries.map((e) => [e.level, e.requestId])).toEqual([
      ['WARN', 'srv-404'],
      ['ERROR', 'srv-500'],
    ])
    expect(entries[1]!.context).toMatchObject({
      kind: 'api',
      method: 'GET',
      path: '/api/app/boom',
      status: 500,
    })
    const crumbs = logger.breadcrumbs.last().map((c) => c.text)
    expect(crumbs[0]).toMatch(/^GET \/api\/app\/clients → 200 \(\d+ ms\) srv-ok$/)
    expect(JSON.stringify(sent)).not.toContain('private')
  })

  it('never records its own ingestion calls', async () => {
    const { api, logger } = setup()
    await api.post('/api/logs/batch', { sessionId: 's', entries: [] })
    expect(logger.breadcrumbs.last()).toEqual([])
    expect(logger.pending).toBe(0)
  })

  it('logs a page view with the time spent on it when the user moves on', async () => {
    const { router, logger, tick } = setup()
    await router.push('/')
    tick(1_500)
    await router.push('/clients')
    await logger.flush()
    expect(sent.flat()).toEqual([
      expect.objectContaining({
        level: 'INFO',
        message: 'Page view /',
        durationMs: 1_500,
        context: { kind: 'pageview', route: 'home' },
      }),
    ])
    expect(logger.breadcrumbs.last().map((c) => `${c.kind} ${c.text}`)).toEqual([
      'navigation /',
      'navigation /clients',
    ])
  })

  it('logs the open page when the page is left, once', async () => {
    const { router, logger, tick, leave } = setup()
    await router.push('/clients')
    tick(700)
    leave()
    leave()
    await logger.flush()
    expect(sent.flat()).toEqual([
      expect.objectContaining({ message: 'Page view /clients', durationMs: 700 }),
    ])
  })

  it("takes Vue's errorHandler and still calls the previous one; undo restores it", async () => {
    const { app, logger, undo } = setup()
    const seen: unknown[] = []
    undo()
    const previous = (error: unknown) => void seen.push(error)
    app.config.errorHandler = previous
    const router = createRouter({ history: createMemoryHistory(), routes: [] })
    const api = createApiClient({ baseUrl: 'http://app.test', fetch: fakeFetch({}) })
    const again = captureApp(logger, { app, router, api, ignorePrefix: '/api/logs' }).stop
    const failing = defineComponent({
      name: 'FailingWidget',
      setup() {
        throw new Error('render failed')
      },
      render: () => null,
    })
    const root = createApp(failing)
    root.config.errorHandler = app.config.errorHandler
    root.mount(document.createElement('div'))
    await logger.flush()
    expect(sent.flat()[0]).toMatchObject({
      level: 'ERROR',
      message: 'Error: render failed',
      context: { kind: 'vue', component: 'FailingWidget' },
    })
    expect(seen).toHaveLength(1)
    expect(app.config.errorHandler).not.toBe(previous)
    again()
    expect(app.config.errorHandler).toBe(previous)
  })
})

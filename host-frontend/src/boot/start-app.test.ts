import {
  coreClientLayer,
  createApiClient,
  defineClientLayer,
  defineManifest,
  type ClientLayerContext,
} from '@stratum/layer-core/client'
import { fakeFetch, type FakeAnswer } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useI18n } from 'vue-i18n'
import { createMemoryHistory } from 'vue-router'
import { startApp, type StartedApp } from './start-app.ts'

const ExtraPage = defineComponent(() => {
  const { t } = useI18n()
  return () => h('p', { 'data-testid': 'extra' }, t('extra.hello'))
})
const installed: ClientLayerContext[] = []
const extraLayer = defineClientLayer({
  manifest: defineManifest({
    id: 'extra',
    number: 9,
    priority: 100,
    dependsOn: ['core'],
    version: '1.0.0',
  }),
  routes: [{ path: '/extra', name: 'extra.page', component: ExtraPage }],
  messages: {
    'en-US': { hello: 'Hello from extra', nav: 'Extra' },
    'pt-BR': { hello: 'Olá do extra', nav: 'Extra' },
    'es-ES': { hello: 'Hola desde extra', nav: 'Extra' },
  },
  theme: { '--extra-width': '12rem' },
  nav: [{ id: 'extra.page', labelKey: 'extra.nav', to: '/extra', order: 50 }],
  install: (_app, _router, context) => void installed.push(context),
})
const info = (id: string) => ({ id, version: '1.0.0', priority: 0, dependsOn: [], prefix: null })

let started: StartedApp | undefined
afterEach(() => {
  started?.app.unmount()
  started = undefined
  installed.length = 0
  document.body.innerHTML = ''
  localStorage.clear()
})

async function boot(path: string, layersAnswer: FakeAnswer | (() => FakeAnswer)) {
  localStorage.setItem('stratum.locale', 'en-US')
  const el = document.createElement('div')
  document.body.append(el)
  const history = createMemoryHistory()
  history.replace(path)
  const extraLoader = vi.fn(async () => ({ clientLayer: extraLayer }))
  const api = createApiClient({
    baseUrl: '',
    fetch: fakeFetch({ '/api/core/layers': layersAnswer }),
  })
  started = await startApp({
    el,
    history,
    api,
    loaders: { core: async () => ({ clientLayer: coreClientLayer }), extra: extraLoader },
  })
  await flushPromises()
  return { el, extraLoader }
}

describe('startApp', () => {
  it('installs the live layers: routes, messages, nav, theme tokens and install hooks', async () => {
    const { el } = await boot('/extra', {
      body: { layers: [info('core'), info('extra')], features: ['dev-mailbox'] },
    })
    expect(el.querySelector('[data-testid="extra"]')?.textContent).toBe('Hello from extra')
    const nav = [...el.querySelectorAll('nav a')].map((a) => a.textContent?.trim())
    expect(nav).toEqual(['Home', 'Extra', 'Dev mailbox'])
    expect(document.documentElement.style.getPropertyValue('--extra-width')).toBe('12rem')
    expect(document.documentElement.style.getPropertyValue('--color-primary')).not.toBe('')
    expect(installed.map((c) => c.layer.id)).toEqual(['extra'])
    expect(document.title).toBe('Stratum')
  })

  it('hides the dev mailbox link when the server has no dev mailbox (production, SMTP)', async () => {
    const { el } = await boot('/', { body: { layers: [info('core')] } })
    const nav = [...el.querySelectorAll('nav a')].map((a) => a.textContent?.trim())
    expect(nav).toEqual(['Home'])
  })

  it('leaves out a layer the server does not report, without loading it', async () => {
    const { el, extraLoader } = await boot('/extra', { body: { layers: [info('core')] } })
    expect(extraLoader).not.toHaveBeenCalled()
    expect(el.querySelector('[data-testid="extra"]')).toBeNull()
    expect(el.querySelector('h1')?.textContent).toBe('Page not found')
    expect(el.textContent).not.toContain('Extra')
    expect(document.title).toBe('Page not found · Stratum')
  })

  it('renders the landing page with the live layers at /', async () => {
    const { el } = await boot('/', { body: { layers: [info('core'), info('extra')] } })
    const layers = [...el.querySelectorAll('[data-testid="live-layers"] strong')].map(
      (s) => s.textContent,
    )
    expect(layers).toEqual(['core', 'extra'])
  })

  it('shows the core error view with the request id when the layers call fails', async () => {
    const { el } = await boot('/', {
      status: 503,
      body: { error: 'Starting.', code: 'NOT_READY', timestamp: '', requestId: 'req-boot-1' },
    })
    expect(el.querySelector('[role="alert"]')).not.toBeNull()
    expect(el.querySelector('[data-testid="request-id"]')?.textContent).toBe('req-boot-1')
    expect(el.textContent).toContain('The server is starting')
    expect(started?.router.getRoutes()).toHaveLength(0)
  })
})

import {
  coreClientLayer,
  createApiClient,
  defineClientLayer,
  defineManifest,
  SHIPPED_LOCALES,
  useLayersStore,
  useThemeController,
  useViewerStore,
  type ClientLayerContext,
  type ThemeController,
} from '@stratum/layer-core/client'
import { fakeFetch, type FakeAnswer } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { useI18n } from 'vue-i18n'
import { createMemoryHistory } from 'vue-router'
import { startApp, type StartedApp } from './start-app.ts'

const injected: (ThemeController | undefined)[] = []
const ExtraPage = defineComponent(() => {
  const { t } = useI18n()
  injected.push(useThemeController())
  return () => h('p', { 'data-testid': 'extra' }, t('extra.hello'))
})
const WorkspacePage = defineComponent(() => () => h('p', { 'data-testid': 'workspace' }, 'Own'))
const installed: ClientLayerContext[] = []
const extraLayer = defineClientLayer({
  manifest: defineManifest({
    id: 'extra',
    number: 9,
    priority: 100,
    dependsOn: ['core'],
    version: '1.0.0',
  }),
  routes: [
    { path: '/extra', name: 'extra.page', component: ExtraPage },
    // A signed-in page, which goes in core's app shell.
    {
      path: '/workspace',
      name: 'extra.workspace',
      component: WorkspacePage,
      meta: { shell: 'app' },
    },
  ],
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
  injected.length = 0
  document.body.innerHTML = ''
  localStorage.clear()
})

async function boot(
  path: string,
  layersAnswer: FakeAnswer | (() => FakeAnswer),
  { saved = 'en-US', answers = {} }: { saved?: string; answers?: Record<string, FakeAnswer> } = {},
) {
  localStorage.setItem('stratum.locale', saved)
  const el = document.createElement('div')
  document.body.append(el)
  const history = createMemoryHistory()
  history.replace(path)
  const extraLoader = vi.fn(async () => ({ clientLayer: extraLayer }))
  const asked: string[] = []
  const answer = fakeFetch({ '/api/core/layers': layersAnswer, ...answers })
  const api = createApiClient({
    baseUrl: '',
    fetch: (input, init) => {
      asked.push(new URL(String(input), 'http://app.test').pathname)
      return answer(input, init)
    },
  })
  started = await startApp({
    el,
    history,
    api,
    loaders: { core: async () => ({ clientLayer: coreClientLayer }), extra: extraLoader },
  })
  await flushPromises()
  return { el, extraLoader, asked }
}

const FRENCH = { code: 'fr-FR', name: 'French', nativeName: 'Français' }
/** The navigation the app shell would show, in the current language. */
const navLabels = () =>
  useLayersStore(started!.pinia).nav.map((item) => started!.i18n.global.t(item.labelKey))
const languages = (el: Element) =>
  [...el.querySelectorAll('.locale-select option')].map((o) => o.textContent?.trim())

describe('startApp', () => {
  it('installs the live layers: routes, messages, nav, theme tokens and install hooks', async () => {
    const { el } = await boot('/extra', {
      body: { layers: [info('core'), info('extra')], features: ['dev-mailbox'] },
    })
    expect(el.querySelector('[data-testid="extra"]')?.textContent).toBe('Hello from extra')
    expect(navLabels()).toEqual(['Extra', 'Dev mailbox'])
    expect(document.documentElement.style.getPropertyValue('--extra-width')).toBe('12rem')
    expect(document.documentElement.style.getPropertyValue('--color-primary')).not.toBe('')
    expect(installed.map((c) => c.layer.id)).toEqual(['extra'])
    expect(document.title).toBe('Stratum')
  })

  it('hides the dev mailbox link when the server has no dev mailbox (production, SMTP)', async () => {
    await boot('/', { body: { layers: [info('core')] } })
    expect(navLabels()).toEqual([])
  })

  it('leaves out a layer the server does not report, without loading it', async () => {
    const { el, extraLoader } = await boot('/extra', { body: { layers: [info('core')] } })
    expect(extraLoader).not.toHaveBeenCalled()
    expect(el.querySelector('[data-testid="extra"]')).toBeNull()
    expect(el.querySelector('h1')?.textContent).toBe('Page not found')
    expect(el.textContent).not.toContain('Extra')
    expect(document.title).toBe('Page not found · Stratum')
  })

  it('renders the base theme’s landing page at /, without the list of layers', async () => {
    const { el } = await boot('/', { body: { layers: [info('core'), info('extra')] } })
    await vi.waitFor(() =>
      expect(el.querySelector('[data-testid="landing"] h1')?.textContent?.trim()).toBe(
        'Your work, your clients, one place',
      ),
    )
    expect(el.querySelector('.landing__brand')?.textContent?.trim()).toBe('Stratum')
    expect(el.querySelector('[data-testid="live-layers"]')).toBeNull()
    // No layer here offers signing in, and a visitor sees no links into the app.
    expect(el.querySelector('[data-testid="landing-sign-in"]')).toBeNull()
    expect(el.querySelector('.app-header nav')).toBeNull()
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

  it('shows the loading state only once the boot has taken 400 ms', async () => {
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] })
    try {
      let answer: (response: Response) => void = () => undefined
      const layers = new Promise<Response>((resolve) => (answer = resolve))
      const el = document.createElement('div')
      document.body.append(el)
      const history = createMemoryHistory()
      history.replace('/extra')
      const rest = fakeFetch({})
      const api = createApiClient({
        baseUrl: '',
        fetch: (input, init) =>
          new URL(String(input), 'http://app.test').pathname === '/api/core/layers'
            ? layers
            : rest(input, init),
      })
      const booting = startApp({
        el,
        history,
        api,
        loaders: { core: async () => ({ clientLayer: coreClientLayer }) },
      })
      // Not vi.waitFor: with fake timers it moves the clock on.
      for (let i = 0; i < 20 && !el.querySelector('main'); i++) await flushPromises()
      // Mounted and waiting for the server: the header's place is held, no spinner yet.
      expect(el.querySelector('.header-slot')).not.toBeNull()
      expect(el.querySelector('[role="status"]')).toBeNull()
      vi.advanceTimersByTime(399)
      await flushPromises()
      expect(el.querySelector('[role="status"]')).toBeNull()
      vi.advanceTimersByTime(1)
      await flushPromises()
      expect(el.querySelector('[role="status"]')?.textContent).toContain('Loading')

      answer(Response.json({ layers: [info('core')] }))
      started = await booting
      await flushPromises()
      expect(el.querySelector('[role="status"]')).toBeNull()
      expect(el.querySelector('h1')?.textContent).toBe('Page not found')
    } finally {
      vi.useRealTimers()
    }
  })

  it('hands layers and components the host’s theme controller', async () => {
    await boot('/extra', { body: { layers: [info('core'), info('extra')] } })
    const theme = installed[0]!.theme
    expect(theme.active.value).toBe('base')
    expect(theme.available).toEqual(expect.arrayContaining(['base', 'client-a', 'client-b']))
    expect(injected).toEqual([theme])
  })

  it('frames a signed-in page in core’s app shell, and a public one under the public header', async () => {
    const { el } = await boot('/workspace', { body: { layers: [info('core'), info('extra')] } })
    await vi.waitFor(() => expect(el.querySelector('[data-testid="app-shell"]')).not.toBeNull())
    expect(started!.router.currentRoute.value.matched.map((m) => m.name)).toEqual([
      'core.shell',
      'extra.workspace',
    ])
    expect(el.querySelector('#app-shell-content [data-testid="workspace"]')).not.toBeNull()
    expect(el.querySelector('.app-header')).toBeNull()
    // One skip link and one <main> per page.
    expect(el.querySelectorAll('a[href^="#"]')).toHaveLength(1)
    expect(el.querySelectorAll('main')).toHaveLength(1)

    await started!.router.push('/extra')
    await flushPromises()
    expect(el.querySelector('[data-testid="app-shell"]')).toBeNull()
    expect(el.querySelector('.app-header')).not.toBeNull()
    expect(el.querySelectorAll('main')).toHaveLength(1)

    // The not-found page: public for a visitor, in the app shell for someone signed in.
    await started!.router.push('/nowhere')
    await flushPromises()
    expect(el.querySelector('.app-header')).not.toBeNull()
    useViewerStore(started!.pinia).setSignedIn(true)
    await vi.waitFor(() => expect(el.querySelector('[data-testid="app-shell"]')).not.toBeNull())
    expect(el.querySelector('#app-shell-content h1')?.textContent).toBe('Page not found')
    expect(el.querySelector('.app-header')).toBeNull()
  })
})

describe('live locales', () => {
  it('lists the server’s locales by their own names, and starts in a saved one it added', async () => {
    const { el, asked } = await boot(
      '/extra',
      { body: { layers: [info('core'), info('extra')], locales: [...SHIPPED_LOCALES, FRENCH] } },
      { saved: 'fr-FR' },
    )
    expect(languages(el)).toEqual([
      'Português (Brasil)',
      'English (US)',
      'Español (España)',
      'Français',
    ])
    expect(started!.i18n.global.locale.value).toBe('fr-FR')
    expect(document.documentElement.lang).toBe('fr-FR')
    // No message source on this server: nothing more is asked, and fr-FR reads en-US.
    expect(asked.filter((p) => p.startsWith('/api/core/messages/'))).toEqual([])
    expect(el.querySelector('[data-testid="extra"]')?.textContent).toBe('Hello from extra')
  })

  it('shows the shipped locales when the server lists none', async () => {
    const { el } = await boot('/', { body: { layers: [info('core')] } })
    expect(languages(el)).toEqual(['Português (Brasil)', 'English (US)', 'Español (España)'])
  })
})

describe('message overrides', () => {
  const withOverrides = {
    body: {
      layers: [info('core'), info('extra')],
      features: ['message-overrides'],
      locales: [...SHIPPED_LOCALES, FRENCH],
    },
  }
  const answers = {
    '/api/core/messages/en-US': {
      body: { locale: 'en-US', messages: { extra: { hello: 'Hello from the message source' } } },
    },
    '/api/core/messages/fr-FR': {
      body: { locale: 'fr-FR', messages: { extra: { nav: 'Supplément' } } },
    },
  }

  it('shows an overridden key as the server’s source says', async () => {
    const { el, asked } = await boot('/extra', withOverrides, { answers })
    expect(el.querySelector('[data-testid="extra"]')?.textContent).toBe(
      'Hello from the message source',
    )
    expect(asked.filter((p) => p.startsWith('/api/core/messages/'))).toEqual([
      '/api/core/messages/en-US',
    ])
  })

  it('shows an added locale’s own key, and en-US for every key it leaves out', async () => {
    const { el } = await boot('/extra', withOverrides, { answers })
    const select = el.querySelector<HTMLSelectElement>('.locale-select select')!
    select.value = 'fr-FR'
    select.dispatchEvent(new Event('change'))
    await flushPromises()
    expect(navLabels()).toEqual(['Supplément'])
    expect(el.querySelector('.locale-select label')?.textContent).toBe('Language')
    // A key fr-FR leaves out reads en-US as it stands, overrides included.
    expect(el.querySelector('[data-testid="extra"]')?.textContent).toBe(
      'Hello from the message source',
    )
    expect(localStorage.getItem('stratum.locale')).toBe('fr-FR')
  })
})

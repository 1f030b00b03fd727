import {
  coreClientLayer,
  createApiClient,
  defineClientLayer,
  defineManifest,
  useLayersStore,
  type ClientLayerContext,
} from '@stratum/layer-core/client'
import { fakeFetch } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { flushPromises } from '@vue/test-utils'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h } from 'vue'
import { createMemoryHistory, type RouteRecordRaw } from 'vue-router'
import { startApp, type StartedApp } from './start-app.ts'

const page = (testId: string) => defineComponent(() => () => h('p', { 'data-testid': testId }))
const manifest = (id: string, number: number, dependsOn: string[]) =>
  defineManifest({ id, number, priority: 10, dependsOn, version: '1.0.0' })
const info = (id: string, dependsOn: string[] = []) => ({
  id,
  version: '1.0.0',
  priority: 0,
  dependsOn,
  prefix: null,
})

let contexts: ClientLayerContext[] = []
/** A gate layer (always installed, like auth) that can ask for every layer. */
const gateLayer = defineClientLayer({
  manifest: manifest('gate', 1, ['core']),
  routes: [
    // Guest-only, like sign-in: the host defers the other layers there.
    { path: '/gate', name: 'gate.page', component: page('gate'), meta: { guest: true } },
    { path: '/open', name: 'gate.open', component: page('open') },
  ],
  messages: { 'en-US': { nav: 'Gate' } },
  install: (_app, _router, context) => void contexts.push(context),
})
const reportsRoutes: RouteRecordRaw[] = [
  { path: '/reports', name: 'reports.list', component: page('reports') },
  { path: '/reports/:id', name: 'reports.one', component: page('report') },
]
const reportsLayer = (routes = reportsRoutes) =>
  defineClientLayer({
    manifest: manifest('reports', 3, ['core', 'gate']),
    routes,
    messages: { 'en-US': { nav: 'Reports' } },
    theme: { '--reports-width': '9rem' },
    nav: [{ id: 'reports.list', labelKey: 'reports.nav', to: '/reports', order: 20 }],
    // Like layer 3's: a signed-in visitor of the landing page goes to the reports.
    install(_app, router) {
      router.beforeEach((to) => (to.name === 'core.landing' ? { name: 'reports.list' } : true))
    },
  })

let started: StartedApp | undefined
afterEach(() => {
  started?.app.unmount()
  started = undefined
  contexts = []
  document.body.innerHTML = ''
  localStorage.clear()
})

async function boot(path: string, reports = reportsLayer(), reportsLoaded = Promise.resolve()) {
  localStorage.setItem('stratum.locale', 'en-US')
  const el = document.createElement('div')
  document.body.append(el)
  const history = createMemoryHistory()
  history.replace(path)
  const loaders = {
    core: vi.fn(async () => ({ clientLayer: coreClientLayer })),
    gate: vi.fn(async () => ({ clientLayer: gateLayer })),
    reports: vi.fn(async () => {
      await reportsLoaded
      return { clientLayer: reports }
    }),
  }
  const api = createApiClient({
    baseUrl: '',
    fetch: fakeFetch({
      '/api/core/layers': {
        body: { layers: [info('core'), info('gate', ['core']), info('reports', ['core', 'gate'])] },
      },
    }),
  })
  started = await startApp({
    el,
    history,
    api,
    loaders,
    routePaths: { reports: ['/reports'] },
    theme: 'base',
  })
  await flushPromises()
  // The navigation the app shell would show, in the current language.
  const nav = () =>
    useLayersStore(started!.pinia).nav.map((item) => started!.i18n.global.t(item.labelKey))
  return { el, loaders, nav }
}

describe('layers installed when needed', () => {
  it('leaves a layer with route paths out of a page that does not need it', async () => {
    const { el, loaders, nav } = await boot('/gate')
    expect(el.querySelector('[data-testid="gate"]')).not.toBeNull()
    expect(loaders.reports).not.toHaveBeenCalled()
    expect(nav()).toEqual([])
    expect(document.documentElement.style.getPropertyValue('--reports-width')).toBe('')
  })

  it('installs it on the first navigation to one of its paths, then shows the page', async () => {
    const { el, loaders, nav } = await boot('/gate')
    await started!.router.push('/reports/7?tab=2')
    await flushPromises()
    expect(loaders.reports).toHaveBeenCalledTimes(1)
    expect(started!.router.currentRoute.value.fullPath).toBe('/reports/7?tab=2')
    expect(el.querySelector('[data-testid="report"]')).not.toBeNull()
    expect(nav()).toEqual(['Reports'])
    expect(document.documentElement.style.getPropertyValue('--reports-width')).toBe('9rem')
    await started!.router.push('/reports')
    await flushPromises()
    expect(loaders.reports).toHaveBeenCalledTimes(1)
  })

  it('installs it right after the first render of a page that is not guest-only', async () => {
    const { el, loaders, nav } = await boot('/open')
    expect(el.querySelector('[data-testid="open"]')).not.toBeNull()
    expect(loaders.reports).toHaveBeenCalledTimes(1)
    expect(nav()).toEqual(['Reports'])
  })

  it('installs it at boot when the first page is one of its paths', async () => {
    const { el, loaders } = await boot('/reports')
    expect(loaders.reports).toHaveBeenCalledTimes(1)
    expect(el.querySelector('[data-testid="reports"]')).not.toBeNull()
  })

  it('installs every layer when one asks, and the navigation under way sees their guards', async () => {
    let arrive = () => {}
    const arrived = new Promise<void>((resolve) => (arrive = resolve))
    const { el, loaders, nav } = await boot('/gate', reportsLayer(), arrived)
    // Sign-in asks for every layer; the reports chunk arrives while '/' is being resolved.
    const installing = contexts[0]!.installAllLayers!()
    const navigating = started!.router.push('/')
    await flushPromises()
    arrive()
    await Promise.all([installing, navigating])
    await flushPromises()
    expect(loaders.reports).toHaveBeenCalledTimes(1)
    // The reports layer's guard, installed during the navigation to '/', redirected it.
    expect(started!.router.currentRoute.value.name).toBe('reports.list')
    expect(el.querySelector('[data-testid="reports"]')).not.toBeNull()
    expect(nav()).toEqual(['Reports'])
  })

  it('refuses a deferred layer whose routes leave its declared paths, naming it', async () => {
    const stray = reportsLayer([...reportsRoutes, { path: '/stats', component: page('stats') }])
    await boot('/gate', stray)
    const failure = started!.router.push('/reports')
    await expect(failure).rejects.toThrow(
      "Layer 'reports' has routes outside the paths its route-paths.ts declares (/reports): /stats.",
    )
  })
})

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
import { defineStore } from 'pinia'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { defineComponent, h, ref, watch } from 'vue'
import { createMemoryHistory } from 'vue-router'
import { startApp, type StartedApp } from './start-app.ts'

const page = (testId: string) => defineComponent(() => () => h('p', { 'data-testid': testId }))
const manifest = (id: string, number: number, dependsOn: string[]) =>
  defineManifest({ id, number, priority: 10, dependsOn, version: '1.0.0' })
const info = (id: string, enabled = true, dependsOn: string[] = ['core']) => ({
  id,
  version: '1.0.0',
  priority: 0,
  dependsOn,
  prefix: null,
  enabled,
})

const useFiltersStore = defineStore('reports.filters', () => ({ query: ref('') }))
/** What the reports layer's install hook saw and did, per install. */
const installs: { context: ClientLayerContext; watched: number; disposed: boolean }[] = []
const tick = ref(0)
const reportsLayer = defineClientLayer({
  manifest: manifest('reports', 3, ['core']),
  routes: [{ path: '/reports', name: 'reports.list', component: page('reports') }],
  stores: [useFiltersStore],
  messages: { 'en-US': { nav: 'Reports' } },
  theme: { '--reports-width': '9rem' },
  nav: [{ id: 'reports.list', labelKey: 'reports.nav', to: '/reports', order: 20 }],
  headerItems: [{ id: 'reports.badge', load: async () => page('badge') }],
  install(_app, router, context) {
    const seen = { context, watched: 0, disposed: false }
    installs.push(seen)
    // Like layer 3's: the landing page sends to the layer's page; a child route under it.
    router.beforeEach((to) => (to.name === 'core.landing' ? { name: 'reports.list' } : true))
    router.addRoute({ path: '/reports/extra', name: 'reports.extra', component: page('extra') })
    watch(tick, () => seen.watched++)
    return () => void (seen.disposed = true)
  },
})

let started: StartedApp | undefined
afterEach(() => {
  started?.app.unmount()
  started = undefined
  installs.length = 0
  document.body.innerHTML = ''
  localStorage.clear()
})

/** Boots with core and reports; `reportsOn` is what the server says on the next call. */
async function boot(path: string) {
  localStorage.setItem('stratum.locale', 'en-US')
  const el = document.createElement('div')
  document.body.append(el)
  const history = createMemoryHistory()
  history.replace(path)
  const server = { reportsOn: true, coreOn: true, calls: 0 }
  const reportsLoader = vi.fn(async () => ({ clientLayer: reportsLayer }))
  const api = createApiClient({
    baseUrl: '',
    fetch: fakeFetch({
      '/api/core/layers': () => {
        server.calls++
        return {
          body: {
            layers: [info('core', server.coreOn, []), info('reports', server.reportsOn)],
            tenantId: server.calls > 1 ? 't-1' : null,
          },
        }
      },
    }),
  })
  started = await startApp({
    el,
    history,
    api,
    loaders: { core: async () => ({ clientLayer: coreClientLayer }), reports: reportsLoader },
    routePaths: { reports: ['/reports'] },
    theme: 'base',
  })
  await flushPromises()
  // The sidebar shows this list (core's app shell); the Home item is gone from it.
  const nav = () => useLayersStore(started!.pinia).nav.map((item) => item.id)
  const refresh = async () => {
    await installs.at(-1)!.context.refreshLayers!()
    await flushPromises()
  }
  return { el, nav, server, refresh, reportsLoader, router: started.router, pinia: started.pinia }
}

const width = () => document.documentElement.style.getPropertyValue('--reports-width')

describe('a layer switched off and on at run time', () => {
  it('takes out its routes, guards, nav, header items, stores, watchers and tokens', async () => {
    const { nav, server, refresh, router, pinia } = await boot('/reports')
    useFiltersStore(pinia).query = 'late'
    expect(nav()).toEqual(['reports.list'])
    expect(width()).toBe('9rem')
    expect(pinia.state.value['reports.filters']).toEqual({ query: 'late' })

    server.reportsOn = false
    await refresh()

    expect(nav()).toEqual([])
    expect(useLayersStore(pinia).header.map((item) => item.id)).not.toContain('reports.badge')
    expect(router.resolve('/reports').name).toBe('core.notFound')
    expect(router.resolve('/reports/extra').name).toBe('core.notFound')
    expect(router.hasRoute('reports.extra')).toBe(false)
    // The open page belonged to it: the app went to the shell's start page.
    expect(router.currentRoute.value.name).toBe('core.start')
    expect(pinia.state.value['reports.filters']).toBeUndefined()
    expect(width()).toBe('')
    const first = installs[0]!
    expect(first.disposed).toBe(true)
    tick.value++
    await flushPromises()
    expect(first.watched).toBe(0)
  })

  it('installs it again, fresh, when it comes back on', async () => {
    const { nav, server, refresh, router, pinia } = await boot('/reports')
    useFiltersStore(pinia).query = 'late'
    server.reportsOn = false
    await refresh()
    server.reportsOn = true
    await refresh()

    expect(installs).toHaveLength(2)
    expect(nav()).toEqual(['reports.list'])
    expect(useLayersStore(pinia).header.map((item) => item.id)).toContain('reports.badge')
    expect(router.resolve('/reports').name).toBe('reports.list')
    expect(router.hasRoute('reports.extra')).toBe(true)
    expect(width()).toBe('9rem')
    expect(useFiltersStore(pinia).query).toBe('')
    await router.push('/reports/extra')
    await router.push('/')
    expect(router.currentRoute.value.name).toBe('reports.list')
    // One guard, not two: the first install's was taken out.
    tick.value++
    await flushPromises()
    expect(installs.map((i) => i.watched)).toEqual([0, 1])
  })

  it('never takes out a platform layer, whatever the server says', async () => {
    const { nav, server, refresh, reportsLoader } = await boot('/reports')
    server.coreOn = false
    await refresh()
    // Core is the platform: a server saying otherwise does not take it out.
    expect(nav()).toEqual(['reports.list'])
    expect(reportsLoader).toHaveBeenCalledTimes(1)
  })
})

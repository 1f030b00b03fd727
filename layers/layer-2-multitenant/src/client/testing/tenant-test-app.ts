import {
  addLayerRoute,
  coreRoutes,
  SHELL_ROUTE,
  createApiClient,
  installLayerMessages,
  provideApi,
  provideThemeController,
  useLayersStore,
  type ApiClient,
  type ClientLayer,
  type LayerInfo,
} from '@stratum/layer-core/client'
import { coreTestPlugins } from '@stratum/layer-core/client/testing/core-test-plugins.ts'
import { fakeThemeController } from '@stratum/layer-core/client/testing/fake-theme-controller.ts'
import { authClientLayer, useSessionStore } from '@stratum/layer-auth/client'
import { setSignedInCookie } from '@stratum/layer-auth/client/testing/signed-in-cookie.ts'
import { createApp, defineComponent, h, type App } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { multitenantClientLayer } from '../multitenant-layer.ts'
import { useTenantStore } from '../stores/tenant-store.ts'

const stub = (testid: string) =>
  defineComponent(() => () => h('p', { 'data-testid': testid }, testid))
const info = (id: string, priority: number, dependsOn: string[]): LayerInfo => ({
  id,
  version: '0.1.0',
  priority,
  dependsOn,
  prefix: null,
})

/** Options of {@link startTenantTestApp}. */
export interface TenantTestAppOptions {
  /** Origin of the (fake) backend. */
  baseUrl: string
  /** @default '/' */
  path?: string
  /** Layers installed after multitenant, as a later layer would be. */
  extraLayers?: readonly ClientLayer[]
  /**
   * Whether the browser holds the session's presence cookie, so the app asks the backend for
   * the session. With the backend signed out, the cookie is a leftover. @default true
   */
  signedIn?: boolean
}

/** Settles pending promises and a few macrotasks (lazy pages, fetches, navigations). */
export const settle = async (rounds = 5) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Boots auth and multitenant the way the host does (messages, stores, nav, `install` in layer
 * order, then the router) with core's app shell around the signed-in pages (the public pages
 * render bare), against a real HTTP backend.
 */
export async function startTenantTestApp(options: TenantTestAppOptions) {
  const { pinia, i18n } = coreTestPlugins('en-US')
  setSignedInCookie(options.signedIn ?? true)
  const api: ApiClient = createApiClient({ baseUrl: options.baseUrl })
  const history = createMemoryHistory()
  history.replace(options.path ?? '/')
  const router = createRouter({
    history,
    routes: [
      { path: '/', name: 'core.landing', component: stub('home') },
      {
        path: '/reports',
        name: 'test.reports',
        component: stub('reports'),
        meta: { permission: 'report.view' },
      },
    ],
  })
  router.addRoute(coreRoutes.find((route) => route.name === SHELL_ROUTE)!)
  const Root = defineComponent(() => () => h(RouterView))
  const app: App = createApp(Root)
  app.use(pinia).use(i18n)
  provideApi(app, api)
  const theme = fakeThemeController()
  provideThemeController(app, theme)
  const layers = [
    authClientLayer,
    multitenantClientLayer,
    ...(options.extraLayers ?? []),
  ] as ClientLayer[]
  const live = layers.map((layer, i) =>
    info(
      layer.manifest.id,
      i * 10,
      layer.manifest.dependsOn.map((dep) => (typeof dep === 'string' ? dep : dep.id)),
    ),
  )
  const layersStore = useLayersStore(pinia)
  layersStore.setLayers(live)
  for (const [i, layer] of layers.entries()) {
    for (const route of layer.routes) addLayerRoute(router, route)
    layersStore.addPageSections(layer.pageSections ?? [])
    for (const useStore of layer.stores ?? []) useStore(pinia)
    await installLayerMessages(i18n, layer.manifest.id, layer.messages)
    layersStore.addNav(layer.nav ?? [])
    layersStore.addHeaderItems(layer.headerItems ?? [])
    await layer.install?.(app, router, { api, pinia, i18n, theme, layer: live[i]!, layers: live })
  }
  app.use(router)
  await router.isReady()
  layersStore.markReady()
  const el = document.createElement('div')
  document.body.append(el)
  app.mount(el)
  const session = useSessionStore(pinia)
  const tenant = useTenantStore(pinia)
  // Real HTTP: wait for the session and the tenants rather than for a number of ticks.
  await session.ensureLoaded()
  if (session.isAuthenticated) await tenant.ensureLoaded()
  await settle()
  return {
    app,
    api,
    router,
    el,
    tenant,
    session,
    layers: layersStore,
    /** Labels of the navigation the app shell's sidebar shows, in order. */
    navLabels: () => layersStore.nav.map((item) => i18n.global.t(item.labelKey)),
    unmount() {
      app.unmount()
      el.remove()
    },
  }
}

export type TenantTestApp = Awaited<ReturnType<typeof startTenantTestApp>>

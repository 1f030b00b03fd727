import {
  installLayerMessages,
  provideApi,
  type ApiClient,
  type LayerInfo,
  type LocaleCode,
} from '@stratum/layer-core/client'
import { coreTestPlugins } from '@stratum/layer-core/client/testing/core-test-plugins.ts'
import { fakeThemeController } from '@stratum/layer-core/client/testing/fake-theme-controller.ts'
import { createApp, defineComponent, h, type App } from 'vue'
import {
  createMemoryHistory,
  createRouter,
  RouterView,
  type Router,
  type RouteRecordRaw,
} from 'vue-router'
import { authClientLayer } from '../auth-layer.ts'
import { authRoutes } from '../routes.ts'
import { useSessionStore } from '../stores/session-store.ts'

/** Options of {@link startAuthTestApp}. */
export interface AuthTestAppOptions {
  api: ApiClient
  /** First location. @default '/' */
  path?: string
  /** @default 'en-US' */
  locale?: LocaleCode
  /** Mount into the document (happy-dom); off under the node environment. @default true */
  mount?: boolean
}

const stub = (testid: string) =>
  defineComponent(() => () => h('p', { 'data-testid': testid }, testid))

/** Routes besides the auth layer's: a public home, and pages protected both ways. */
export const testRoutes: RouteRecordRaw[] = [
  { path: '/', name: 'test.home', component: stub('home') },
  {
    path: '/reports',
    name: 'test.reports',
    component: stub('reports'),
    meta: { permission: 'reports.view' },
  },
  {
    path: '/private',
    name: 'test.private',
    component: stub('private'),
    meta: { requiresAuth: true },
  },
]

const authInfo: LayerInfo = {
  id: 'auth',
  version: '0.1.0',
  priority: 10,
  dependsOn: ['core'],
  prefix: '/api/auth',
}

/** Settles pending promises and one macrotask (lazy pages, fetches, navigations). */
export const settle = async (rounds = 3) => {
  for (let i = 0; i < rounds; i++) await new Promise((resolve) => setTimeout(resolve, 0))
}

/**
 * Boots the auth layer the way the host does (messages, store, `install`, then the router), so
 * tests exercise the real guard and 401 handling.
 */
export async function startAuthTestApp(options: AuthTestAppOptions): Promise<{
  app: App
  router: Router
  session: ReturnType<typeof useSessionStore>
  el: HTMLElement | undefined
  unmount(): void
}> {
  const { pinia, i18n } = coreTestPlugins(options.locale ?? 'en-US')
  await installLayerMessages(i18n, 'auth', authClientLayer.messages)
  const history = createMemoryHistory()
  history.replace(options.path ?? '/')
  const router = createRouter({ history, routes: [...authRoutes, ...testRoutes] })
  const app = createApp(defineComponent(() => () => h(RouterView)))
  app.use(pinia).use(i18n)
  provideApi(app, options.api)
  await authClientLayer.install!(app, router, {
    api: options.api,
    pinia,
    i18n,
    theme: fakeThemeController(),
    layer: authInfo,
    layers: [authInfo],
  })
  app.use(router)
  // Outside a DOM the router makes no initial navigation of its own.
  if (typeof document === 'undefined') await router.replace(options.path ?? '/')
  await router.isReady()
  let el: HTMLElement | undefined
  if (options.mount ?? true) {
    el = document.createElement('div')
    document.body.append(el)
    app.mount(el)
  }
  await settle()
  return {
    app,
    router,
    session: useSessionStore(pinia),
    el,
    unmount() {
      if (el) {
        app.unmount()
        el.remove()
      }
    },
  }
}

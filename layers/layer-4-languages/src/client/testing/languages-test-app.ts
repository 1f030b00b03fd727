import {
  createApiClient,
  installLayerMessages,
  LocaleSelect,
  provideApi,
  provideThemeController,
  useLayersStore,
  type ClientLayer,
  type LayerInfo,
} from '@stratum/layer-core/client'
import { coreTestPlugins } from '@stratum/layer-core/client/testing/core-test-plugins.ts'
import { fakeThemeController } from '@stratum/layer-core/client/testing/fake-theme-controller.ts'
import { authClientLayer, useSessionStore } from '@stratum/layer-auth/client'
import { setSignedInCookie } from '@stratum/layer-auth/client/testing/signed-in-cookie.ts'
import { multitenantClientLayer, useTenantStore } from '@stratum/layer-multitenant/client'
import { flushPromises } from '@vue/test-utils'
import { computed, createApp, defineAsyncComponent, defineComponent, h, type App } from 'vue'
import { useI18n } from 'vue-i18n'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { useWordingStore } from '../in-context/wording-store.ts'
import { languagesClientLayer } from '../languages-layer.ts'

/** A request the fake backend received. */
export interface SeenRequest {
  method: string
  path: string
  query: URLSearchParams
  tenant: string | undefined
  body: unknown
}
export type Reply = [status: number, body?: unknown]
export type Handler = (request: SeenRequest) => Reply | undefined

export const failure = (status: number, code: string, details?: unknown): Reply => [
  status,
  {
    error: `Failed with ${code}.`,
    code,
    timestamp: '2026-01-01T00:00:00.000Z',
    requestId: 'r',
    details,
  },
]

export const ACME = { id: 'tenant-acme', slug: 'acme', name: 'Acme Corporation' }
export const GLOBEX = { id: 'tenant-globex', slug: 'globex', name: 'Globex' }
const membership = (tenant: typeof ACME, permissions: string[]) => ({
  tenant: { ...tenant, theme: null, isActive: true },
  role: { id: `role-${tenant.slug}`, key: 'custom', name: 'Custom' },
  permissions,
})

/** The live locales as `GET /api/i18n/locales` lists them, Arabic (right to left) included. */
export const LIVE_LOCALES = [
  {
    code: 'pt-BR',
    englishName: 'Portuguese (Brazil)',
    nativeName: 'Português (Brasil)',
    flag: 'BR',
    isRtl: false,
    isDefault: true,
    isActive: true,
    fallback: null,
  },
  {
    code: 'en-US',
    englishName: 'English (US)',
    nativeName: 'English (US)',
    flag: 'US',
    isRtl: false,
    isDefault: false,
    isActive: true,
    fallback: null,
  },
  {
    code: 'es-ES',
    englishName: 'Spanish (Spain)',
    nativeName: 'Español (España)',
    flag: 'ES',
    isRtl: false,
    isDefault: false,
    isActive: true,
    fallback: null,
  },
  {
    code: 'ar',
    englishName: 'Arabic',
    nativeName: 'العربية',
    flag: 'SA',
    isRtl: true,
    isDefault: false,
    isActive: true,
    fallback: null,
  },
]

export interface LanguagesTestOptions {
  /** The signed-in user's saved locale; `undefined` signs nobody in. @default 'en-US' */
  userLocale?: string | undefined
  /** Permissions in Acme (`i18n.tenant-manage` for an account admin). @default [] */
  permissions?: string[]
  /** Database values per locale, as `GET /api/i18n/translations/:locale` answers. */
  bundles?: Record<string, Record<string, unknown>>
  handle?: Handler
  /** The locale the app starts in (detection already done). @default 'en-US' */
  locale?: string
}

const info = (layer: ClientLayer, priority: number): LayerInfo => ({
  id: layer.manifest.id,
  version: layer.manifest.version,
  priority,
  dependsOn: layer.manifest.dependsOn.map((dep) => (typeof dep === 'string' ? dep : dep.id)),
  prefix: null,
})

/** A page showing translated text, for the in-context editing tests. */
const TextPage = defineComponent(() => {
  const { t } = useI18n()
  return () =>
    h('main', [
      h('h1', { 'data-testid': 'title' }, t('languages.nav.console')),
      h('p', [h('a', { href: '#', 'data-testid': 'link' }, t('auth.nav.account'))]),
    ])
})

/**
 * Boots auth, multitenant and languages the way the host does (routes, stores, messages, nav,
 * header items, `install` in layer order) against a fake backend in `fetch`, with core's
 * switcher and the header items above a page of translated text.
 */
export async function startLanguagesTestApp(options: LanguagesTestOptions = {}) {
  const { pinia, i18n } = coreTestPlugins(options.locale ?? 'en-US')
  const seen: SeenRequest[] = []
  const userLocale = 'userLocale' in options ? options.userLocale : 'en-US'
  const user = userLocale && {
    id: 'user-ana',
    email: 'ana@example.com',
    name: 'Ana',
    locale: userLocale,
    isSuperadmin: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    lastLoginAt: null,
  }
  const memberships = [membership(ACME, options.permissions ?? [])]
  // The presence cookie the server sets with the session cookies.
  setSignedInCookie(!!user)
  const answer = (request: SeenRequest): Reply => {
    const own = options.handle?.(request)
    if (own) return own
    const bundle = /^\/api\/i18n\/translations\/([^/]+)$/.exec(request.path)
    if (bundle) {
      const locale = decodeURIComponent(bundle[1]!)
      return [200, { locale, version: 'v1', messages: options.bundles?.[locale] ?? {} }]
    }
    switch (request.path) {
      case '/api/auth/me':
        return user ? [200, { user }] : failure(401, 'UNAUTHENTICATED')
      case '/api/auth/refresh':
        return failure(401, 'REFRESH_TOKEN_INVALID')
      case '/api/tenants/mine':
        return [200, { isSuperadmin: false, memberships }]
      case '/api/i18n/locales':
        return [200, { locales: LIVE_LOCALES }]
      case '/api/i18n/me/locale':
        return [200, request.body]
      case '/api/i18n/missing':
        return [202]
    }
    return failure(404, 'NOT_FOUND')
  }
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input))
    const headers = new Headers(init?.headers)
    const request: SeenRequest = {
      method: (init?.method ?? 'GET').toUpperCase(),
      path: url.pathname,
      query: url.searchParams,
      tenant: headers.get('X-Tenant-ID') ?? undefined,
      body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
    }
    seen.push(request)
    const [status, body] = answer(request)
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    })
  }
  const api = createApiClient({ baseUrl: 'http://app.test', fetch })
  const history = createMemoryHistory()
  history.replace('/')
  const router = createRouter({ history, routes: [{ path: '/', component: TextPage }] })
  const layersStore = useLayersStore(pinia)
  const Root = defineComponent(() => {
    const items = computed(() =>
      layersStore.header.map((item) => ({
        id: item.id,
        component: defineAsyncComponent(item.load),
      })),
    )
    return () =>
      h('div', [
        h('header', [
          h(LocaleSelect),
          ...items.value.map((item) => h(item.component, { key: item.id })),
        ]),
        h(RouterView),
      ])
  })
  const app: App = createApp(Root)
  app.use(pinia).use(i18n)
  provideApi(app, api)
  const theme = fakeThemeController()
  provideThemeController(app, theme)

  const layers = [authClientLayer, multitenantClientLayer, languagesClientLayer] as ClientLayer[]
  const live = layers.map((layer, i) => info(layer, (i + 1) * 10))
  layersStore.setLayers(live)
  // What each layer's install returned: the languages layer's undoes it when switched off.
  const disposers = new Map<string, () => void>()
  for (const [i, layer] of layers.entries()) {
    for (const route of layer.routes) router.addRoute(route)
    for (const useStore of layer.stores ?? []) useStore(pinia)
    installLayerMessages(i18n, layer.manifest.id, layer.messages)
    layersStore.addNav(layer.nav ?? [])
    layersStore.addHeaderItems(layer.headerItems ?? [])
    const dispose = await layer.install?.(app, router, {
      api,
      pinia,
      i18n,
      theme,
      layer: live[i]!,
      layers: live,
    })
    if (dispose) disposers.set(layer.manifest.id, dispose)
  }
  app.use(router)
  await router.isReady()
  layersStore.markReady()
  const el = document.createElement('div')
  document.body.append(el)
  app.mount(el)
  const session = useSessionStore(pinia)
  await session.ensureLoaded()
  if (session.isAuthenticated) await useTenantStore(pinia).ensureLoaded()
  await settle()
  return {
    app,
    el,
    i18n,
    session,
    layers: layersStore,
    wording: useWordingStore(pinia),
    router,
    seen,
    disposers,
    unmount() {
      app.unmount()
      el.remove()
    },
  }
}

/** Settles promises, lazy chunks and a few macrotasks. */
export async function settle(rounds = 8): Promise<void> {
  for (let i = 0; i < rounds; i++) {
    await flushPromises()
    await new Promise((resolve) => setTimeout(resolve, 0))
  }
}

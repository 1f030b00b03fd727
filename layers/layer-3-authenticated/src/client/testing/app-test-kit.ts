import {
  addLayerRoute,
  coreClientLayer,
  createApiClient,
  installLayerMessages,
  provideApi,
  provideThemeController,
  useLayersStore,
  useThemeStore,
  type ClientLayer,
  type LayerInfo,
  type ThemeConfig,
  type ThemeController,
} from '@stratum/layer-core/client'
import { coreTestPlugins } from '@stratum/layer-core/client/testing/core-test-plugins.ts'
import { fakeThemeController } from '@stratum/layer-core/client/testing/fake-theme-controller.ts'
import { authClientLayer, useSessionStore } from '@stratum/layer-auth/client'
import { setSignedInCookie } from '@stratum/layer-auth/client/testing/signed-in-cookie.ts'
import { multitenantClientLayer, useTenantStore } from '@stratum/layer-multitenant/client'
import { flushPromises } from '@vue/test-utils'
import { createApp, defineComponent, h, type App } from 'vue'
import { createMemoryHistory, createRouter, RouterView } from 'vue-router'
import { authenticatedClientLayer } from '../authenticated-layer.ts'

/** A request the fake backend received. */
export interface SeenRequest {
  method: string
  path: string
  query: URLSearchParams
  tenant: string | undefined
  body: unknown
}
/** A canned answer: status and JSON body. */
export type Reply = [status: number, body?: unknown]
/**
 * Answers a request, or `undefined` for the kit's defaults (session, tenants, preferences); a
 * promise holds the answer back (to test a reply that arrives late).
 */
export type Handler = (request: SeenRequest) => Reply | undefined | Promise<Reply | undefined>

/** A tenant membership as `/api/tenants/mine` lists it. */
export const membership = (
  slug: string,
  name: string,
  permissions: string[],
  theme: string | null = null,
) => ({
  tenant: { id: `tenant-${slug}`, slug, name, theme, isActive: true },
  role: { id: `role-${slug}`, key: 'custom', name: 'Custom' },
  permissions,
})
export const ADMIN = ['user.*', 'client.*', 'project.*', 'settings.manage']
export const USER = {
  id: 'user-ana',
  email: 'ana@example.com',
  name: 'Ana',
  locale: 'en-US',
  isSuperadmin: false,
  createdAt: '2026-01-01T00:00:00.000Z',
  lastLoginAt: null,
}

/** An API error body, as the server's error handler writes it. */
export const failure = (status: number, code: string, details?: unknown): Reply => [
  status,
  {
    error: `Failed with ${code}.`,
    code,
    timestamp: '2026-01-01T00:00:00.000Z',
    requestId: `req-${code.toLowerCase()}`,
    details,
  },
]

const BASE_THEME: ThemeConfig = {
  name: 'base',
  title: 'Stratum',
  logo: '/assets/base-logo.svg',
  favicon: '/assets/base-favicon.svg',
  variables: {},
}

/** Options of {@link startAppTest}. */
export interface AppTestOptions {
  /** @default '/dashboard' */
  path?: string
  /** @default one tenant, Acme, with every permission */
  memberships?: ReturnType<typeof membership>[]
  /** A platform superadmin (who may belong to no tenant). @default false */
  superadmin?: boolean
  signedIn?: boolean
  handle?: Handler
  /** The host's theme controller. @default fakeThemeController() */
  themeController?: ThemeController
  /** @default a base theme without custom components */
  theme?: ThemeConfig
}

const info = (layer: ClientLayer, priority: number): LayerInfo => ({
  id: layer.manifest.id,
  version: layer.manifest.version,
  priority,
  dependsOn: layer.manifest.dependsOn.map((dep) => (typeof dep === 'string' ? dep : dep.id)),
  prefix: null,
})

/**
 * Boots core, auth, multitenant and this layer the way the host does (routes, stores, messages, nav,
 * header items, `install` in layer order, then the router) against a fake backend in `fetch`.
 */
export async function startAppTest(options: AppTestOptions = {}) {
  const { pinia, i18n } = coreTestPlugins('en-US')
  const seen: SeenRequest[] = []
  const superadmin = options.superadmin ?? false
  const state = {
    signedIn: options.signedIn ?? true,
    memberships: options.memberships ?? [membership('acme', 'Acme Corporation', ADMIN)],
  }
  // The presence cookie the server sets with the session cookies.
  setSignedInCookie(state.signedIn)
  const answer = async (request: SeenRequest): Promise<Reply> => {
    const own = await options.handle?.(request)
    if (own) return own
    if (request.path === '/api/auth/me')
      return state.signedIn
        ? [200, { user: { ...USER, isSuperadmin: superadmin } }]
        : failure(401, 'UNAUTHENTICATED')
    if (request.path === '/api/auth/refresh') return failure(401, 'REFRESH_TOKEN_INVALID')
    if (request.path === '/api/auth/logout') return [204]
    if (request.path === '/api/tenants/mine')
      return [200, { isSuperadmin: superadmin, memberships: state.memberships }]
    if (request.path === '/api/tenants/current') {
      const found = state.memberships.find((m) => m.tenant.id === request.tenant)
      return found
        ? [200, { ...found, isSuperadmin: superadmin }]
        : failure(403, 'TENANT_ACCESS_DENIED')
    }
    if (request.path === '/api/app/settings/user') {
      return [
        200,
        { colorScheme: 'system', density: 'comfortable', pageSize: 25, emailNotifications: true },
      ]
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
    const [status, body] = await answer(request)
    return new Response(body === undefined ? null : JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json', 'X-Request-ID': `rid-${seen.length}` },
    })
  }
  const api = createApiClient({ baseUrl: 'http://app.test', fetch })
  const history = createMemoryHistory()
  history.replace(options.path ?? '/dashboard')
  const router = createRouter({ history, routes: [] })
  const app: App = createApp(defineComponent(() => () => h(RouterView)))
  app.use(pinia).use(i18n)
  provideApi(app, api)
  const theme = options.themeController ?? fakeThemeController()
  provideThemeController(app, theme)
  useThemeStore(pinia).setTheme(options.theme ?? BASE_THEME)

  const layers = [
    coreClientLayer,
    authClientLayer,
    multitenantClientLayer,
    authenticatedClientLayer,
  ] as ClientLayer[]
  const live = layers.map((layer, i) => info(layer, i * 10))
  const layersStore = useLayersStore(pinia)
  layersStore.setLayers(live)
  for (const [i, layer] of layers.entries()) {
    for (const route of layer.routes) addLayerRoute(router, route)
    for (const useStore of layer.stores ?? []) useStore(pinia)
    await installLayerMessages(i18n, layer.manifest.id, layer.messages)
    layersStore.addNav(layer.nav ?? [])
    layersStore.addHeaderItems(layer.headerItems ?? [])
    layersStore.addPageSections(layer.pageSections ?? [])
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
  await session.ensureLoaded()
  if (session.isAuthenticated) await tenant.ensureLoaded()
  await settle()
  return {
    app,
    el,
    router,
    pinia,
    session,
    tenant,
    layers: layersStore,
    seen,
    state,
    /** Labels of the sidebar's links, in order. */
    sideNav: () =>
      [...el.querySelectorAll('[data-testid="side-nav"] a')].map((a) => a.textContent?.trim()),
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

export type AppTest = Awaited<ReturnType<typeof startAppTest>>

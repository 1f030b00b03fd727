import {
  coreClientLayer,
  createApiClient,
  createAppI18n,
  createMessageOverrides,
  detectBrowserLocale,
  fetchLayers,
  installLayerMessages,
  loadLocaleMessages,
  MESSAGE_OVERRIDES_FEATURE,
  notFoundRoute,
  provideApi,
  provideThemeController,
  setLiveLocales,
  syncDocumentLocale,
  useLayersStore,
  type ApiClient,
  type AppI18n,
  type EarlyHook,
} from '@stratum/layer-core/client'
import { createPinia, type Pinia } from 'pinia'
import { createApp, type App as VueApp } from 'vue'
import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router'
import App from '../App.vue'
import { fetchThemeDetection, type ThemeDetection } from '../theme/detect-theme.ts'
import { createThemeController } from '../theme/theme-controller.ts'
import { installOnNavigation } from './install-on-navigation.ts'
import { createLayerInstaller, type LayerLoaders, type LayerRoutePaths } from './install-layers.ts'
import { syncPageTitle } from './page-title.ts'
import { yieldToMain } from './yield-to-main.ts'

/** Options of {@link startApp}; the defaults are what the browser entry uses. */
export interface StartAppOptions {
  /** Element or selector to mount on. @default '#app' */
  el: string | Element
  /** Client halves by layer id, from `virtual:stratum/layers`. */
  loaders: LayerLoaders
  /**
   * Path prefixes of the layers installed only when a navigation needs them, from
   * `virtual:stratum/layers`. @default {} (every live layer is installed at boot)
   */
  routePaths?: LayerRoutePaths
  /**
   * Early hooks by layer id, from `virtual:stratum/layers`: each live layer's runs once the
   * server has listed the live layers, before any layer is installed. @default {}
   */
  early?: Readonly<Record<string, EarlyHook>>
  /** @default createApiClient() */
  api?: ApiClient
  /** @default createWebHistory(import.meta.env.BASE_URL) */
  history?: RouterHistory
  /**
   * Theme to start in, instead of asking the server (`GET /api/core/theme`) which theme the
   * subdomain names and which is the default.
   */
  theme?: string
}

/** The running app's parts, for tests and devtools. */
export interface StartedApp {
  readonly app: VueApp
  readonly router: Router
  readonly pinia: Pinia
  readonly i18n: AppI18n
  readonly api: ApiClient
}

/**
 * Boots the app: mounts a loading state, asks the server which layers and locales are live
 * (`GET /api/core/layers`), then installs those the first page needs (layers without route
 * paths, and the owners of the page's path, with their dependencies), in registry order, and the
 * server's message overrides when it has any. The other live layers are installed right after
 * the first render, except on a guest-only page (sign-in), where they wait for the first
 * navigation to one of their paths or for a layer to ask (auth, on sign-in). A layer
 * disabled on the server is never loaded, so it disappears without a rebuild. If the call fails, the core error view shows the request id
 * instead.
 */
export async function startApp(options: StartAppOptions): Promise<StartedApp> {
  const api = options.api ?? createApiClient()
  const live = fetchLayers(api)
  live.catch(() => undefined) // handled below, after mounting; avoids an unhandled rejection
  // Asked in parallel with the layers: the first paint (the login page too) is already branded.
  const detection: Promise<ThemeDetection> = options.theme
    ? Promise.resolve({ subdomain: undefined, fallback: options.theme })
    : fetchThemeDetection(api)

  const pinia = createPinia()
  const i18n = createAppI18n(detectBrowserLocale())
  // Core messages first: the error view needs them even when the layers call fails.
  void installLayerMessages(i18n, coreClientLayer.manifest.id, coreClientLayer.messages)
  const router = createRouter({
    history: options.history ?? createWebHistory(import.meta.env.BASE_URL),
    routes: [],
  })
  const app = createApp(App)
  app.use(pinia).use(i18n)
  provideApi(app, api)
  const layersStore = useLayersStore(pinia)
  syncDocumentLocale(i18n, { locales: () => layersStore.locales })
  let mounted = false

  try {
    const themes = createThemeController({ pinia, detection: await detection })
    // Layers get it as `context.theme`, components by injection: the tenant's theme, previews.
    provideThemeController(app, themes)
    await themes.apply()
    app.mount(options.el)
    mounted = true

    const { layers: installed, features, locales } = await live
    layersStore.setLayers(installed, features, locales)
    const layers = layersStore.layers
    for (const layer of layers) {
      const hook = options.early?.[layer.id]
      try {
        hook?.({ prefix: layer.prefix ?? undefined, api })
      } catch (error) {
        // A hook that fails costs its layer its early work, not the app.
        console.error(`The early hook of layer '${layer.id}' failed`, error)
      }
    }
    setLiveLocales(i18n, layersStore.locales)
    // A saved choice of a locale only the server knows (a message source added it) applies now.
    i18n.global.locale.value = detectBrowserLocale(layersStore.locales.map((l) => l.code))
    const overrides = features.includes(MESSAGE_OVERRIDES_FEATURE)
      ? createMessageOverrides(i18n, api)
      : undefined
    // Asked while the layers load; merged after their messages, which would cover it otherwise.
    void overrides?.load(i18n.global.locale.value)
    const target = { app, router, pinia, i18n, api, theme: themes }
    const installer = createLayerInstaller(target, layers, options.loaders, {
      routePaths: options.routePaths,
      async onTokens(tokens) {
        // A layer installed later brings messages that would cover the overrides again.
        await overrides?.reapply()
        await themes.setLayerTokens(tokens)
      },
      refreshLayers: () => refreshLayers(),
    })
    let refreshes = 0
    /**
     * Asks again which layers are on (the tenant changed) and follows: removes those now off,
     * leaves their page for the start page, installs those now on. A newer refresh wins. The
     * code that takes a layer out loads with the first refresh, not with the login page.
     */
    const refreshLayers = async () => {
      const mine = ++refreshes
      const [answer, { takeOutLayer, leaveRemovedPage }] = await Promise.all([
        fetchLayers(api),
        import('./take-out-layer.ts'),
      ])
      if (mine !== refreshes) return
      layersStore.setLayers(answer.layers, answer.features, answer.locales)
      await installer.update(layersStore.layers, (footprint) => takeOutLayer(footprint, pinia))
      if (mine !== refreshes) return
      await leaveRemovedPage(router)
      // Someone is signed in (a tenant changed, a switch was made): every live layer belongs.
      await installer.installAll()
    }
    layersStore.setRefresh(refreshLayers)
    installOnNavigation(router, installer)
    const firstPath = router.options.history.location.split(/[?#]/)[0]!
    await installer.install(installer.neededFor(firstPath))
    // The first page's locale (a lazy one, such as pt-BR) is in before the first render.
    await loadLocaleMessages(i18n, i18n.global.locale.value)
    await overrides?.follow()
    router.addRoute(notFoundRoute)
    syncPageTitle(router, i18n, pinia)
    // The first page renders in a task of its own, not in the one that installed its layers.
    await yieldToMain()
    // The router goes in only now, so its first navigation sees the installed layers' routes.
    app.use(router)
    await router.isReady()
    layersStore.markReady()
    // A page that shows the whole navigation (not a guest-only one such as sign-in, which stays
    // light) gets the other layers, and so their nav items, right after its first render.
    if (router.currentRoute.value.meta.guest !== true) {
      installer.installAll().catch((error: unknown) => layersStore.fail(error))
    }
  } catch (error) {
    if (!mounted) app.mount(options.el)
    layersStore.fail(error)
  }
  return { app, router, pinia, i18n, api }
}

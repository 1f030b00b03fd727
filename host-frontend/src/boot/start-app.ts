import {
  coreClientLayer,
  createApiClient,
  createAppI18n,
  createMessageOverrides,
  detectBrowserLocale,
  fetchLayers,
  installLayerMessages,
  MESSAGE_OVERRIDES_FEATURE,
  notFoundRoute,
  provideApi,
  provideThemeController,
  setLiveLocales,
  syncDocumentLocale,
  useLayersStore,
  type ApiClient,
  type AppI18n,
} from '@stratum/layer-core/client'
import { createPinia, type Pinia } from 'pinia'
import { createApp, type App as VueApp } from 'vue'
import { createRouter, createWebHistory, type Router, type RouterHistory } from 'vue-router'
import App from '../App.vue'
import { fetchThemeDetection, type ThemeDetection } from '../theme/detect-theme.ts'
import { createThemeController } from '../theme/theme-controller.ts'
import { installLayers, type LayerLoaders } from './install-layers.ts'
import { syncPageTitle } from './page-title.ts'

/** Options of {@link startApp}; the defaults are what the browser entry uses. */
export interface StartAppOptions {
  /** Element or selector to mount on. @default '#app' */
  el: string | Element
  /** Client halves by layer id, from `virtual:stratum/layers`. */
  loaders: LayerLoaders
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
 * (`GET /api/core/layers`), then installs only those layers, in that order, and the server's
 * message overrides when it has any. A layer disabled on the server is never loaded, so it
 * disappears without a rebuild. If the call fails, the core error view shows the request id
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
  installLayerMessages(i18n, coreClientLayer.manifest.id, coreClientLayer.messages)
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

    const { layers, features, locales } = await live
    layersStore.setLayers(layers, features, locales)
    setLiveLocales(i18n, layersStore.locales)
    // A saved choice of a locale only the server knows (a message source added it) applies now.
    i18n.global.locale.value = detectBrowserLocale(layersStore.locales.map((l) => l.code))
    const overrides = features.includes(MESSAGE_OVERRIDES_FEATURE)
      ? createMessageOverrides(i18n, api)
      : undefined
    // Asked while the layers load; merged after their messages, which would cover it otherwise.
    void overrides?.load(i18n.global.locale.value)
    const target = { app, router, pinia, i18n, api, theme: themes }
    const tokens = await installLayers(target, layers, options.loaders)
    await overrides?.follow()
    router.addRoute(notFoundRoute)
    await themes.setLayerTokens(tokens)
    syncPageTitle(router, i18n, pinia)
    // The router goes in only now, so its first navigation sees every live layer's routes.
    app.use(router)
    await router.isReady()
    layersStore.markReady()
  } catch (error) {
    if (!mounted) app.mount(options.el)
    layersStore.fail(error)
  }
  return { app, router, pinia, i18n, api }
}

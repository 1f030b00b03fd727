import {
  defineClientLayer,
  detectBrowserLocale,
  saveLocale,
  setLiveLocales,
  useLayersStore,
} from '@stratum/layer-core/client'
import { useSessionStore } from '@stratum/layer-auth/client'
import { effectScope, watch } from 'vue'
import { languagesManifest } from '../shared/manifest.ts'
import { languagesApi } from './api/languages-api.ts'
import { toLocaleInfo } from './i18n/live-locales.ts'
import { followLocalePreference } from './i18n/locale-preference.ts'
import { createMissingReporter } from './i18n/missing-reporter.ts'
import { copyMessages, createTranslationBundles, type Tree } from './i18n/translation-bundles.ts'
import { followInContextEditing } from './in-context/in-context-editing.ts'
import { createWordingMarkers } from './in-context/wording-markers.ts'
import { followWordingAccess } from './access/follow-access.ts'
import { enUS } from './messages/en-US.ts'
import { esES } from './messages/es-ES.ts'
import { ptBR } from './messages/pt-BR.ts'
import { consoleRoute } from './routes.ts'
import { provideLanguagesRuntime } from './runtime.ts'
import { useWordingAccessStore } from './stores/wording-access-store.ts'
import { useWordingStore } from './in-context/wording-store.ts'

/**
 * Client half of layer 4: the live locales (flags, direction) from the server, the database
 * wording merged over the compiled messages (per locale and tenant), missing keys reported in
 * batches, the signed-in user's language saved on the server, in-context editing, and the
 * translation console.
 */
export const languagesClientLayer = defineClientLayer({
  manifest: languagesManifest,
  routes: [consoleRoute],
  stores: [useWordingAccessStore, useWordingStore],
  messages: { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES },
  nav: [
    {
      id: 'languages.console',
      labelKey: 'languages.nav.console',
      to: { name: 'languages.console' },
      icon: 'languages',
      permission: 'i18n.tenant-manage',
      section: 'administration',
      order: 240,
    },
  ],
  headerItems: [
    { id: 'languages.wording', load: () => import('./components/WordingToggle.vue'), order: 60 },
  ],
  async install(app, _router, { api, pinia, i18n, layers }) {
    const session = useSessionStore(pinia)
    const layersStore = useLayersStore(pinia)
    const access = useWordingAccessStore(pinia)
    const publicApi = languagesApi(api)
    // Everything that watches, listens or replaces a handler is undone by the disposer below when
    // the layer is switched off for the current tenant; the watchers made after the `await` live
    // in this scope, which the host cannot see.
    const scope = effectScope(true)
    const undo: (() => void)[] = [() => scope.stop()]
    let disposed = false

    undo.push(layersStore.addNavFilter((item) => item.id !== 'languages.console' || access.mayEdit))

    // Missing keys, batched and deduplicated; core's development warning still runs.
    const reporter = createMissingReporter({
      send: (items) => publicApi.reportMissing({ items }),
    })
    const previous = i18n.global.getMissingHandler()
    i18n.global.setMissingHandler((locale, key, instance, type) => {
      if (type === undefined || type === 'translate') {
        if (layersStore.locales.some((l) => l.code === locale)) reporter.report(locale, key)
      }
      return previous?.(locale, key, instance, type)
    })
    const flush = () => void reporter.flush()
    globalThis.addEventListener?.('pagehide', flush)
    undo.push(() => {
      i18n.global.setMissingHandler(previous)
      globalThis.removeEventListener?.('pagehide', flush)
      flush()
    })

    // Locales an admin added at run time (with flag and direction) join the switcher.
    void publicApi.locales().then(
      ({ locales }) => {
        if (disposed) return
        const live = locales.map(toLocaleInfo)
        layersStore.setLocales(live)
        setLiveLocales(i18n, layersStore.locales)
        const codes = layersStore.locales.map((l) => l.code)
        const saved = session.user?.locale
        const wanted = saved && codes.includes(saved) ? saved : detectBrowserLocale(codes)
        if (wanted !== i18n.global.locale.value) {
          i18n.global.locale.value = wanted
          saveLocale(wanted)
        }
      },
      () => undefined,
    )

    scope.run(() =>
      followLocalePreference(i18n, session, (locale) => publicApi.saveMyLocale({ locale })),
    )
    const multitenant = layers.some((layer) => layer.id === 'multitenant')
      ? await import('@stratum/layer-multitenant/client')
      : undefined
    // The compiled messages as installed so far, before core merges the server's overrides: what
    // the app shows again when the layer leaves.
    const compiled = copyMessages(i18n.global.messages.value) as Record<string, Tree>
    const bundles = createTranslationBundles(i18n, (locale) => publicApi.bundle(locale), compiled)
    const markers = createWordingMarkers()
    scope.run(() => {
      followWordingAccess(pinia, session, multitenant?.useTenantStore(pinia))
      // Database wording: once every layer's messages are in, then on each locale switch, tenant
      // switch and sign-in or sign-out (tenant overrides depend on both).
      watch(
        () =>
          layersStore.status === 'ready'
            ? `${access.tenant?.id ?? ''}|${session.user?.id ?? ''}|${i18n.global.locale.value}`
            : '',
        (now) => void (now && bundles.refresh(i18n.global.locale.value)),
        { immediate: true },
      )
      followInContextEditing(i18n, pinia, markers)
    })
    undo.push(() => {
      // In-context editing off (its watcher is stopped by now) and the compiled wording back.
      i18n.global.setPostTranslationHandler(null)
      for (const [locale, messages] of Object.entries(compiled))
        i18n.global.setLocaleMessage(locale, copyMessages(messages) as never)
    })
    provideLanguagesRuntime(app, { bundles, markers })
    return () => {
      disposed = true
      for (const fn of undo.reverse()) fn()
    }
  },
})

import { defineClientLayer, useLayersStore } from '@stratum/layer-core/client'
import { useSessionStore } from '@stratum/layer-auth/client'
import { useTenantStore } from '@stratum/layer-multitenant/client'
import { watch } from 'vue'
import { authenticatedManifest } from '../shared/manifest.ts'
import { appApi } from './api/app-api.ts'
import { enUS } from './messages/en-US.ts'
import { esES } from './messages/es-ES.ts'
import { ptBR } from './messages/pt-BR.ts'
import { authenticatedNav } from './nav.ts'
import { authenticatedRoutes } from './routes.ts'
import { usePreferencesStore } from './stores/preferences-store.ts'
import { useTenantSettingsStore } from './stores/tenant-settings-store.ts'

/**
 * Client half of layer 3: dashboard, clients and projects, the tenant's settings, the profile and
 * preferences parts of My account, and the tenant's theme (detection step 2) with live previews.
 */
export const authenticatedClientLayer = defineClientLayer({
  manifest: authenticatedManifest,
  routes: authenticatedRoutes,
  stores: [usePreferencesStore, useTenantSettingsStore],
  messages: { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES },
  // Between base and a child theme: a theme may restyle these.
  theme: {
    '--authenticated-stat-size': '2rem',
    '--authenticated-cell-padding': 'var(--space-2)',
  },
  nav: authenticatedNav,
  headerItems: [
    // Says so on every signed-in page while a theme is previewed, with save and cancel.
    {
      id: 'authenticated.preview',
      load: () => import('./components/PreviewBar.vue'),
      placement: 'banner',
    },
  ],
  pageSections: [
    {
      id: 'authenticated.profile',
      page: 'auth.account',
      load: () => import('./components/account/ProfileSection.vue'),
      order: 10,
    },
    {
      id: 'authenticated.preferences',
      page: 'auth.account',
      load: () => import('./components/account/PreferencesSection.vue'),
      order: 20,
    },
  ],
  install(_app, _router, { api, pinia, i18n, theme: themes }) {
    const session = useSessionStore(pinia)
    const layers = useLayersStore(pinia)
    const tenant = useTenantStore(pinia)
    const preferences = usePreferencesStore(pinia)
    const tenantSettings = useTenantSettingsStore(pinia)

    watch(
      () => session.isAuthenticated,
      (signedIn) => {
        if (signedIn) return void preferences.load()
        preferences.reset()
        tenantSettings.reset()
        if (themes.previewing.value) void themes.preview(undefined)
      },
      { immediate: true },
    )
    watch(
      () => tenant.currentId,
      () => tenantSettings.reset(),
    )
    // One language preference: a signed-in user's switch is saved on the profile (the same
    // column the profile page edits). With the languages layer live, that layer saves it.
    watch(i18n.global.locale, (locale) => {
      const user = session.user
      if (!session.isAuthenticated || !user || user.locale === locale) return
      if (layers.isLive('languages')) return
      session.user = { ...user, locale }
      appApi(api)
        .updateProfile({ locale })
        .catch(() => (session.user = session.user && { ...session.user, locale: user.locale }))
    })
    // Detection step 2: the current tenant's theme, once signed in (the subdomain still wins).
    watch(
      () => (session.isAuthenticated ? (tenant.current?.theme ?? undefined) : undefined),
      (name) => void themes.setTenantTheme(name).catch(() => undefined),
      { immediate: true },
    )
  },
})

import { defineClientLayer } from '@stratum/layer-core/client'
import { useSessionStore } from '@stratum/layer-auth/client'
import { useTenantStore } from '@stratum/layer-multitenant/client'
import { watch } from 'vue'
import { authenticatedManifest } from '../shared/manifest.ts'
import { enUS } from './messages/en-US.ts'
import { esES } from './messages/es-ES.ts'
import { ptBR } from './messages/pt-BR.ts'
import { authenticatedNav } from './nav.ts'
import { authenticatedRoutes } from './routes.ts'
import { usePreferencesStore } from './stores/preferences-store.ts'
import { useTenantSettingsStore } from './stores/tenant-settings-store.ts'

/**
 * Client half of layer 3: the signed-in layout (header, sidebar, page), dashboard, clients and
 * projects, profile and settings, and the tenant's theme (detection step 2) with live previews.
 */
export const authenticatedClientLayer = defineClientLayer({
  manifest: authenticatedManifest,
  routes: authenticatedRoutes,
  stores: [usePreferencesStore, useTenantSettingsStore],
  messages: { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES },
  // Between base and a child theme: a theme may restyle these (client-b tints the sidebar).
  theme: {
    '--authenticated-sidebar-background': 'var(--color-surface)',
    '--authenticated-stat-size': '2rem',
    '--authenticated-cell-padding': 'var(--space-2)',
  },
  nav: authenticatedNav,
  install(_app, router, { pinia, theme: themes }) {
    const session = useSessionStore(pinia)
    const tenant = useTenantStore(pinia)
    const preferences = usePreferencesStore(pinia)
    const tenantSettings = useTenantSettingsStore(pinia)

    // Signed-in users start at their dashboard rather than the public landing page.
    router.beforeEach((to) =>
      to.name === 'core.landing' && session.isAuthenticated
        ? { name: 'authenticated.dashboard' }
        : true,
    )
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
    // Detection step 2: the current tenant's theme, once signed in (the subdomain still wins).
    watch(
      () => (session.isAuthenticated ? (tenant.current?.theme ?? undefined) : undefined),
      (name) => void themes.setTenantTheme(name).catch(() => undefined),
      { immediate: true },
    )
  },
})

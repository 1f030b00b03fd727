import { defineClientLayer, useLayersStore } from '@stratum/layer-core/client'
import { useSessionStore } from '@stratum/layer-auth/client'
import { watch } from 'vue'
import { multitenantManifest } from '../shared/manifest.ts'
import { forbiddenFor, mayOpen, permissionGuard } from './access/permission-guard.ts'
import { leadsToTenantPage, tenantGuard } from './access/tenant-guard.ts'
import { installCan } from './access/use-can.ts'
import { sendTenantHeader } from './api/tenant-header.ts'
import { enUS } from './messages/en-US.ts'
import { esES } from './messages/es-ES.ts'
import { ptBR } from './messages/pt-BR.ts'
import { multitenantNav } from './nav/multitenant-nav.ts'
import { multitenantRoutes } from './routes.ts'
import { useTenantStore } from './stores/tenant-store.ts'

/**
 * Client half of layer 2: the current tenant (sent as `X-Tenant-ID`), the tenant switcher,
 * `can()` for templates, the permission guard, and the admin pages.
 */
export const multitenantClientLayer = defineClientLayer({
  manifest: multitenantManifest,
  routes: multitenantRoutes,
  stores: [useTenantStore],
  messages: { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES },
  nav: multitenantNav,
  headerItems: [
    {
      id: 'multitenant.switcher',
      load: () => import('./components/TenantSwitcher.vue'),
      order: 10,
    },
  ],
  install(app, router, { api, pinia, refreshLayers }) {
    const tenant = useTenantStore(pinia)
    const session = useSessionStore(pinia)
    sendTenantHeader(api, () => tenant.currentId)
    installCan(app, tenant)
    // No tenant first: a page of a tenant's data is not "not allowed" but has no tenant to show.
    router.beforeEach(tenantGuard)
    router.beforeEach(permissionGuard)
    // Hides what the role in the current tenant does not grant; other layers' filters apply too.
    const layers = useLayersStore(pinia)
    layers.addNavFilter((item) => item.permission === undefined || tenant.can(item.permission))
    // A superadmin, or someone not yet invited, may have no tenant: the pages that show a
    // tenant's data (`meta.tenant`, whichever layer adds them) have nothing to show then.
    layers.addNavFilter(
      (item) => tenant.currentId !== undefined || !leadsToTenantPage(router, item.to),
    )
    // The filter is final once the signed-in user's tenants are in (the shell's start page waits).
    layers.addNavWait(() => (session.isAuthenticated ? tenant.ensureLoaded() : Promise.resolve()))

    // Tenants belong to the signed-in user: load them on sign-in, forget them on sign-out.
    watch(
      () => session.isAuthenticated,
      (signedIn) => (signedIn ? void tenant.ensureLoaded() : tenant.reset()),
      { immediate: true },
    )
    // Layers can be on for one tenant and off for another: the app follows the current one.
    watch(
      () => tenant.currentId,
      () => void refreshLayers?.().catch(() => undefined),
    )
    // A switch can take away the open page's permission: leave it for the not-allowed page.
    watch(
      () => tenant.currentId,
      () => {
        const route = router.currentRoute.value
        if (tenant.status === 'ready' && !mayOpen(route, tenant)) {
          void router.replace(forbiddenFor(route.fullPath))
        }
      },
    )
  },
})

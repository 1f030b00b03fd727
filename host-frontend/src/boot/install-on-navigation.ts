import type { RouteLocationNormalized, Router } from 'vue-router'
import type { LayerInstaller } from './install-layers.ts'

/**
 * Installs deferred layers as navigations need them. Registered before any layer's guard:
 * - a navigation to a path a deferred layer owns installs that layer (and what it depends on),
 *   then runs again, so the new routes match and the new guards (auth, permissions) apply;
 * - a navigation during which layers were installed anyway (auth asks for all of them on
 *   sign-in) waits for them and runs again, for the same reason.
 */
export function installOnNavigation(router: Router, installer: LayerInstaller): void {
  const startedAt = new WeakMap<RouteLocationNormalized, number>()
  router.beforeEach(async (to) => {
    const missing = installer.deferredFor(to.path)
    if (missing.length === 0) {
      startedAt.set(to, installer.generation)
      return true
    }
    await installer.install(missing)
    return to.fullPath
  })
  router.beforeResolve(async (to) => {
    await installer.idle()
    const before = startedAt.get(to)
    return before === undefined || before === installer.generation ? true : to.fullPath
  })
}

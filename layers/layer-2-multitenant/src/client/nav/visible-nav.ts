import { useLayersStore, type NavItem } from '@stratum/layer-core/client'
import { computed, watchEffect, type ComputedRef, type WatchStopHandle } from 'vue'
import { useTenantStore } from '../stores/tenant-store.ts'

type Allowed = (permission: string) => boolean
type LayersStore = ReturnType<typeof useLayersStore>

/** The items a user may open: those without a `permission`, and those whose permission `can` allows. */
export const filterNav = <T extends Pick<NavItem, 'permission'>>(
  items: readonly T[],
  can: Allowed,
) => items.filter((item) => item.permission === undefined || can(item.permission))

/** Every layer's navigation (core's order) without the items the user cannot open, for layouts. */
export function useVisibleNav(): ComputedRef<NavItem[]> {
  const layers = useLayersStore()
  const tenant = useTenantStore()
  return computed(() => filterNav(layers.nav, (p) => tenant.can(p)))
}

/**
 * Keeps core's `navItems` limited to what the user can open, for the shell that renders core's
 * nav directly (AppHeader has no filter hook yet). Every item ever contributed is remembered in
 * contribution order, so an item comes back, in its place, when a tenant switch grants it;
 * items other layers add later are picked up too.
 */
export function hideForbiddenNav(layers: LayersStore, can: Allowed): WatchStopHandle {
  const contributed: NavItem[] = []
  const seen = new Set<string>()
  const idsOf = (items: readonly NavItem[]) => items.map((i) => i.id).join('\n')
  // Reads `navItems` and every permission through `can`, so a new item or a tenant switch
  // re-runs it; the write is skipped when nothing changes, which ends the round.
  return watchEffect(() => {
    for (const item of layers.navItems) {
      if (seen.has(item.id)) continue
      seen.add(item.id)
      contributed.push(item)
    }
    const visible = filterNav(contributed, can)
    if (idsOf(visible) !== idsOf(layers.navItems)) layers.navItems = visible
  })
}

import { START_ROUTE, useLayersStore } from '@stratum/layer-core/client'
import type { Pinia } from 'pinia'
import type { Router } from 'vue-router'
import type { LayerFootprint } from './layer-footprint.ts'

/**
 * Takes back what a layer left in the app, newest first: its disposer, its watchers, its routes
 * and guards, its stores (disposed, state deleted), then its nav, header and page-section items.
 * Loaded only when a layer is switched off, so the login page never downloads it.
 */
export function takeOutLayer(footprint: LayerFootprint, pinia: Pinia): void {
  footprint.disposer?.()
  footprint.scope.stop()
  // A route the layer moved (removed by name, then added under a layout) leaves a stale remover
  // behind: vue-router's remover does nothing for a route that is no longer there.
  for (const remove of footprint.undo.reverse()) remove()
  footprint.undo.length = 0
  const { stores = [], nav = [], headerItems = [], pageSections = [] } = footprint.layer
  for (const useStore of stores) {
    // Only stores that exist: calling `useStore` would create one just to dispose of it.
    if (!(useStore.$id in pinia.state.value)) continue
    useStore(pinia).$dispose()
    delete pinia.state.value[useStore.$id]
  }
  const store = useLayersStore(pinia)
  const ids = [...nav, ...headerItems, ...pageSections].map((item) => item.id)
  const kept = <T extends { id: string }>(items: readonly T[]) =>
    items.filter((item) => !ids.includes(item.id))
  store.navItems = kept(store.navItems)
  store.headerItems = kept(store.headerItems)
  store.pageSectionItems = kept(store.pageSectionItems)
}

/** Leaves the open page for the shell's start page when one of its routes is gone. */
export async function leaveRemovedPage(router: Router): Promise<void> {
  const routes = router.getRoutes()
  if (router.currentRoute.value.matched.every((record) => routes.includes(record))) return
  await router.replace(router.hasRoute(START_ROUTE) ? { name: START_ROUTE } : '/')
}

import type { RouteLocationRaw } from 'vue-router'
import type { NavItem } from '../contract.ts'
import { useLayersStore } from '../stores/layers-store.ts'
import { useViewerStore } from '../stores/viewer-store.ts'
import { installAllLayers } from './install-all.ts'

/** An item that leads back to `/` (or here) would send a signed-in person round in circles. */
const leadsHome = (to: NavItem['to']) =>
  typeof to === 'string'
    ? to === '/' || to === '/app'
    : to.name === 'core.landing' || to.name === 'core.start'

/**
 * Where `/app` leads: the first item of the sidebar the user may open (the dashboard, when
 * layer 3 is live), else their own account page; `true` (the start page itself, which says there
 * is nothing to open) when neither exists. Loaded with the first visit to `/app`, not at boot.
 */
export async function startTarget(): Promise<RouteLocationRaw | true> {
  const layers = useLayersStore()
  await installAllLayers()
  await layers.navSettled()
  const first = layers.navGroups.flatMap((group) => group.items).find((item) => !leadsHome(item.to))
  return first?.to ?? useViewerStore().accountRoute ?? true
}

import { useLayersStore, type NavItem } from '@stratum/layer-core/client'
import { computed, type ComputedRef } from 'vue'
import { useTenantStore } from '../stores/tenant-store.ts'

type Allowed = (permission: string) => boolean

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

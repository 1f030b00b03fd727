import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { LayerInfo } from '../../shared/layers-api.ts'
import type { HeaderItem, NavItem } from '../contract.ts'

/** Where start-up is: loading the live layers, ready, or failed (with the error to show). */
export type BootStatus = 'loading' | 'ready' | 'failed'

const DEFAULT_NAV_ORDER = 100

/** The live layers as the server reported them, their navigation, and the boot status. */
export const useLayersStore = defineStore('core.layers', () => {
  const status = ref<BootStatus>('loading')
  const error = shallowRef<unknown>()
  const layers = ref<LayerInfo[]>([])
  const navItems = ref<NavItem[]>([])
  const headerItems = shallowRef<HeaderItem[]>([])
  const features = ref<string[]>([])
  // The layer that knows permissions decides which items a user may open; until one sets a
  // filter, every item shows. A function in a shallowRef stays reactive to what it reads.
  const navFilter = shallowRef<(item: NavItem) => boolean>(() => true)

  /**
   * Navigation the current user may open, sorted by `order`; equal orders keep layer order
   * (the sort is stable).
   */
  const nav = computed(() =>
    navItems.value
      .filter((item) => item.feature === undefined || features.value.includes(item.feature))
      .filter((item) => navFilter.value(item))
      .sort((a, b) => (a.order ?? DEFAULT_NAV_ORDER) - (b.order ?? DEFAULT_NAV_ORDER)),
  )
  /** Header items (tenant switcher, user menu…), sorted by `order`. */
  const header = computed(() =>
    [...headerItems.value].sort(
      (a, b) => (a.order ?? DEFAULT_NAV_ORDER) - (b.order ?? DEFAULT_NAV_ORDER),
    ),
  )
  const isLive = (id: string) => layers.value.some((layer) => layer.id === id)

  /** The live layers and the server's features, as `GET /api/core/layers` reported them. */
  function setLayers(live: readonly LayerInfo[], serverFeatures: readonly string[] = []) {
    layers.value = [...live]
    features.value = [...serverFeatures]
  }
  function addNav(items: readonly NavItem[]) {
    navItems.value.push(...items)
  }
  function addHeaderItems(items: readonly HeaderItem[]) {
    headerItems.value = [...headerItems.value, ...items]
  }
  /** Hides nav items the user cannot open; set by the layer that owns permissions. */
  function setNavFilter(filter: (item: NavItem) => boolean) {
    navFilter.value = filter
  }
  function markReady() {
    status.value = 'ready'
    error.value = undefined
  }
  function fail(reason: unknown) {
    status.value = 'failed'
    error.value = reason
  }

  return {
    status,
    error,
    layers,
    features,
    navItems,
    nav,
    headerItems,
    header,
    isLive,
    setLayers,
    addNav,
    addHeaderItems,
    setNavFilter,
    markReady,
    fail,
  }
})

import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { LayerInfo } from '../../shared/layers-api.ts'
import { SHIPPED_LOCALES, type LocaleInfo } from '../../shared/locales.ts'
import type { HeaderItem, NavItem } from '../contract.ts'

/** Decides whether a nav item shows; see `addNavFilter`. */
export type NavFilter = (item: NavItem) => boolean

/** Where start-up is: loading the live layers, ready, or failed (with the error to show). */
export type BootStatus = 'loading' | 'ready' | 'failed'

const DEFAULT_NAV_ORDER = 100

/**
 * The live layers, server features and locales as the server reported them, their navigation,
 * and the boot status.
 */
export const useLayersStore = defineStore('core.layers', () => {
  const status = ref<BootStatus>('loading')
  const error = shallowRef<unknown>()
  const layers = ref<LayerInfo[]>([])
  const navItems = ref<NavItem[]>([])
  const headerItems = shallowRef<HeaderItem[]>([])
  const features = ref<string[]>([])
  // Until the server answers (and for a server that sends none), the locales every layer ships.
  const locales = shallowRef<readonly LocaleInfo[]>(SHIPPED_LOCALES)
  // Layers that know who may open what (permissions, plans…) each add a filter; an item shows
  // only when all allow it. The filters run inside `nav`, so it follows what they read.
  const navFilters = shallowRef<readonly NavFilter[]>([])

  /**
   * Navigation the current user may open, sorted by `order`; equal orders keep layer order
   * (the sort is stable).
   */
  const nav = computed(() =>
    navItems.value
      .filter((item) => item.feature === undefined || features.value.includes(item.feature))
      .filter((item) => navFilters.value.every((allows) => allows(item)))
      .sort((a, b) => (a.order ?? DEFAULT_NAV_ORDER) - (b.order ?? DEFAULT_NAV_ORDER)),
  )
  /** Header items (tenant switcher, user menu…), sorted by `order`. */
  const header = computed(() =>
    [...headerItems.value].sort(
      (a, b) => (a.order ?? DEFAULT_NAV_ORDER) - (b.order ?? DEFAULT_NAV_ORDER),
    ),
  )
  const isLive = (id: string) => layers.value.some((layer) => layer.id === id)

  /**
   * The live layers, the server's features and its live locales, as `GET /api/core/layers`
   * reported them; an empty locale list (an older server) keeps the shipped locales.
   */
  function setLayers(
    live: readonly LayerInfo[],
    serverFeatures: readonly string[] = [],
    serverLocales: readonly LocaleInfo[] = [],
  ) {
    layers.value = [...live]
    features.value = [...serverFeatures]
    locales.value = serverLocales.length > 0 ? [...serverLocales] : SHIPPED_LOCALES
  }
  function addNav(items: readonly NavItem[]) {
    navItems.value.push(...items)
  }
  function addHeaderItems(items: readonly HeaderItem[]) {
    headerItems.value = [...headerItems.value, ...items]
  }
  /**
   * Hides the nav items `filter` refuses, on top of every other layer's filter. Returns a
   * function that removes it again.
   */
  function addNavFilter(filter: NavFilter): () => void {
    navFilters.value = [...navFilters.value, filter]
    return () => {
      navFilters.value = navFilters.value.filter((f) => f !== filter)
    }
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
    locales,
    navItems,
    nav,
    headerItems,
    header,
    isLive,
    setLayers,
    addNav,
    addHeaderItems,
    addNavFilter,
    markReady,
    fail,
  }
})

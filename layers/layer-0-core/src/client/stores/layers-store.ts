import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { LayerInfo } from '../../shared/layers-api.ts'
import type { NavItem } from '../contract.ts'

/** Where start-up is: loading the live layers, ready, or failed (with the error to show). */
export type BootStatus = 'loading' | 'ready' | 'failed'

const DEFAULT_NAV_ORDER = 100

/** The live layers as the server reported them, their navigation, and the boot status. */
export const useLayersStore = defineStore('core.layers', () => {
  const status = ref<BootStatus>('loading')
  const error = shallowRef<unknown>()
  const layers = ref<LayerInfo[]>([])
  const navItems = ref<NavItem[]>([])

  /** Navigation sorted by `order`; equal orders keep layer order (the sort is stable). */
  const nav = computed(() =>
    [...navItems.value].sort(
      (a, b) => (a.order ?? DEFAULT_NAV_ORDER) - (b.order ?? DEFAULT_NAV_ORDER),
    ),
  )
  const isLive = (id: string) => layers.value.some((layer) => layer.id === id)

  function setLayers(live: readonly LayerInfo[]) {
    layers.value = [...live]
  }
  function addNav(items: readonly NavItem[]) {
    navItems.value.push(...items)
  }
  function markReady() {
    status.value = 'ready'
    error.value = undefined
  }
  function fail(reason: unknown) {
    status.value = 'failed'
    error.value = reason
  }

  return { status, error, layers, navItems, nav, isLive, setLayers, addNav, markReady, fail }
})

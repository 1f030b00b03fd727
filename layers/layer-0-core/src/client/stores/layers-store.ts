import { defineStore } from 'pinia'
import { computed, ref, shallowRef } from 'vue'
import type { RouteLocationRaw } from 'vue-router'
import type { LayerInfo } from '../../shared/layers-api.ts'
import { SHIPPED_LOCALES, type LocaleInfo } from '../../shared/locales.ts'
import {
  NAV_SECTIONS,
  type HeaderItem,
  type NavItem,
  type NavSection,
  type PageSection,
} from '../contract.ts'

/** Decides whether a nav item shows; see `addNavFilter`. */
export type NavFilter = (item: NavItem) => boolean

/** A page about one request (its logs, metrics, audit rows), offered next to a request id. */
export interface RequestLink {
  readonly to: RouteLocationRaw
  /** Message key of the link's text, namespaced by the layer that offers it. */
  readonly labelKey: string
}

/**
 * Offers a link for a request id, or `undefined` (the user may not open it); see
 * `setRequestLink`.
 */
export type RequestLinkProvider = (requestId: string) => RequestLink | undefined

/** Where start-up is: loading the live layers, ready, or failed (with the error to show). */
export type BootStatus = 'loading' | 'ready' | 'failed'

const DEFAULT_NAV_ORDER = 100

/** One section of the sidebar with the items the user may open in it. */
export interface NavGroup {
  readonly section: NavSection
  readonly items: readonly NavItem[]
}

const byOrder = <T extends { readonly order?: number }>(a: T, b: T) =>
  (a.order ?? DEFAULT_NAV_ORDER) - (b.order ?? DEFAULT_NAV_ORDER)

/**
 * The installed layers and which of them are live (on for the current tenant, else globally),
 * server features and locales as the server reported them, their navigation, and the boot
 * status.
 */
export const useLayersStore = defineStore('core.layers', () => {
  const status = ref<BootStatus>('loading')
  const error = shallowRef<unknown>()
  /** The live layers: installed, and on for the current tenant (else globally). */
  const layers = ref<LayerInfo[]>([])
  const navItems = ref<NavItem[]>([])
  const headerItems = shallowRef<HeaderItem[]>([])
  const pageSectionItems = shallowRef<PageSection[]>([])
  // What the filters need before `nav` is final (the user's tenants): the start page waits.
  const navWaits = shallowRef<readonly (() => Promise<unknown>)[]>([])
  const features = ref<string[]>([])
  // Until the server answers (and for a server that sends none), the locales every layer ships.
  const locales = shallowRef<readonly LocaleInfo[]>(SHIPPED_LOCALES)
  // Layers that know who may open what (permissions, plans…) each add a filter; an item shows
  // only when all allow it. The filters run inside `nav`, so it follows what they read.
  const navFilters = shallowRef<readonly NavFilter[]>([])
  // Set by a layer that can show a request (logging); the error view links to it when set.
  const requestLinkProvider = shallowRef<RequestLinkProvider>()
  // Set by the host: asks the server again which layers are on and follows.
  let refresher: (() => Promise<void>) | undefined

  /**
   * Navigation the current user may open, sorted by `order`; equal orders keep layer order
   * (the sort is stable).
   */
  const nav = computed(() =>
    navItems.value
      .filter((item) => item.feature === undefined || features.value.includes(item.feature))
      .filter((item) => navFilters.value.every((allows) => allows(item)))
      .sort(byOrder),
  )
  /** `nav` grouped by section, in the sidebar's order; empty sections are left out. */
  const navGroups = computed<NavGroup[]>(() =>
    NAV_SECTIONS.map((section) => ({
      section,
      items: nav.value.filter((item) => (item.section ?? 'workspace') === section),
    })).filter((group) => group.items.length > 0),
  )
  /** Header items (tenant switcher, user menu…), sorted by `order`. */
  const header = computed(() => [...headerItems.value].sort(byOrder))
  /** The sections other layers add to the page of route `page`, sorted by `order`. */
  const pageSections = (page: string): PageSection[] =>
    pageSectionItems.value.filter((section) => section.page === page).sort(byOrder)
  const isLive = (id: string) => layers.value.some((layer) => layer.id === id)

  /**
   * The installed layers (each with `enabled`), the server's features and its live locales, as
   * `GET /api/core/layers` reported them; only those on count as live. An empty locale list (an
   * older server) keeps the shipped locales.
   */
  function setLayers(
    all: readonly LayerInfo[],
    serverFeatures: readonly string[] = [],
    serverLocales: readonly LocaleInfo[] = [],
  ) {
    layers.value = all.filter((layer) => layer.enabled !== false)
    features.value = [...serverFeatures]
    locales.value = serverLocales.length > 0 ? [...serverLocales] : SHIPPED_LOCALES
  }
  /**
   * Replaces the live locales with a fresher list (a layer that manages locales reads them at
   * run time); an empty list keeps the current one.
   */
  function setLocales(next: readonly LocaleInfo[]) {
    if (next.length > 0) locales.value = [...next]
  }
  function addNav(items: readonly NavItem[]) {
    navItems.value.push(...items)
  }
  function addHeaderItems(items: readonly HeaderItem[]) {
    headerItems.value = [...headerItems.value, ...items]
  }
  function addPageSections(items: readonly PageSection[]) {
    pageSectionItems.value = [...pageSectionItems.value, ...items]
  }
  /**
   * Makes {@link navSettled} wait for `wait` too: a layer whose nav filter reads data that loads
   * after sign-in (the user's tenants and roles) adds the load here.
   */
  function addNavWait(wait: () => Promise<unknown>) {
    navWaits.value = [...navWaits.value, wait]
  }
  /** Settles once every filter has what it needs, so `nav` shows what the user may open. */
  async function navSettled(): Promise<void> {
    await Promise.all(navWaits.value.map((wait) => wait().catch(() => undefined)))
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
  /**
   * Lets the error view (and any page showing a request id) link to a page about that request.
   * One provider at a time; the returned function removes it again.
   */
  function setRequestLink(provider: RequestLinkProvider): () => void {
    requestLinkProvider.value = provider
    return () => {
      if (requestLinkProvider.value === provider) requestLinkProvider.value = undefined
    }
  }
  /** The link a live layer offers for `requestId`, if any. */
  const requestLink = (requestId: string): RequestLink | undefined =>
    requestLinkProvider.value?.(requestId)
  /** The host's way to follow a change of which layers are on; see {@link refresh}. */
  function setRefresh(follow: () => Promise<void>) {
    refresher = follow
  }
  /**
   * Asks the server again which layers are on for the current tenant, and adds or removes them
   * (the System console calls it after a switch). Resolves at once when no host set it.
   */
  const refresh = (): Promise<void> => refresher?.() ?? Promise.resolve()
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
    navGroups,
    headerItems,
    header,
    pageSectionItems,
    pageSections,
    isLive,
    setLayers,
    setLocales,
    addNav,
    addHeaderItems,
    addPageSections,
    addNavFilter,
    addNavWait,
    navSettled,
    setRequestLink,
    requestLink,
    setRefresh,
    refresh,
    markReady,
    fail,
  }
})

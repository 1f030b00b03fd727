import type { App, Component } from 'vue'
import type { Pinia, StoreDefinition } from 'pinia'
import type { RouteRecordRaw, Router } from 'vue-router'
import type { LayerInfo } from '../shared/layers-api.ts'
import type { LocaleCode } from '../shared/locales.ts'
import type { LayerManifest } from '../shared/manifest.ts'
import type { ApiClient } from './api/api-client.ts'
import type { AppI18n } from './i18n/app-i18n.ts'
import type { ThemeController } from './theme/theme-controller.ts'

/** CSS custom property name (`--color-primary`) → value. */
export type ThemeTokens = Readonly<Record<`--${string}`, string>>

/** A message tree with any key left out, at any depth: what a locale other than en-US may ship. */
export type PartialMessages<M> = M extends string
  ? string
  : { readonly [K in keyof M]?: PartialMessages<M[K]> }

/**
 * A layer's messages, one tree per locale. en-US is the typed source and complete; any other
 * locale may ship part of it (a key it leaves out falls back through the locale's `fallback`,
 * then en-US), and an extra key fails the type-check. A new layer may ship en-US alone.
 */
export type LayerMessages<M> = { readonly 'en-US': M } & {
  readonly [locale: LocaleCode]: PartialMessages<NoInfer<M>> | undefined
}

/** An entry of the app's navigation, collected from every live layer. */
export interface NavItem {
  /** Stable id, prefixed with the layer id: `core.home`. */
  readonly id: string
  /** Message key of the label, namespaced by the layer id: `core.nav.home`. */
  readonly labelKey: string
  /** Target path or route name. */
  readonly to: string | { readonly name: string }
  /** Icon name the shell may render next to the label. */
  readonly icon?: string
  /** Permission the user needs to see the item (checked by the layer that knows permissions). */
  readonly permission?: string
  /** Server feature the item needs (from `GET /api/core/layers`); hidden when it is off. */
  readonly feature?: string
  /**
   * Position in the navigation: lower comes first; ties keep layer order.
   * @default 100
   */
  readonly order?: number
}

/** A component a layer places in the app header (tenant switcher, user menu). */
export interface HeaderItem {
  /** Stable id, prefixed with the layer id: `multitenant.switcher`. */
  readonly id: string
  /** Lazy, like pages: `() => import('./components/TenantSwitcher.vue')`. */
  readonly load: () => Promise<Component | { default: Component }>
  /** @default 100 */
  readonly order?: number
}

/** What the host hands to a layer's `install` hook. */
export interface ClientLayerContext {
  /** This layer as the server reported it. */
  readonly layer: LayerInfo
  /** Every live layer, in registry order. */
  readonly layers: readonly LayerInfo[]
  readonly api: ApiClient
  readonly pinia: Pinia
  readonly i18n: AppI18n
  /**
   * The host's theme controller: the tenant's theme, previews. Components reach the same one
   * with `useThemeController()`.
   */
  readonly theme: ThemeController
}

// `any` keeps setup stores (whose getters and actions are inferred) assignable to one list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStoreDefinition = StoreDefinition<string, any, any, any>

/** The client half of a layer. The host installs it only when the server reports it live. */
export interface ClientLayer<M extends object = object> {
  readonly manifest: LayerManifest
  /** Pages are lazy: `component: () => import('./pages/LoginPage.vue')`. */
  readonly routes: readonly RouteRecordRaw[]
  /** Pinia stores instantiated at install, ids prefixed with the layer id (`auth.session`). */
  readonly stores?: readonly AnyStoreDefinition[]
  /** Merged under the layer id: `t('<layer-id>.some.key')`. */
  readonly messages: LayerMessages<M>
  /** Merged over the base theme, in layer order; prefix names with the layer id. */
  readonly theme?: ThemeTokens
  readonly nav?: readonly NavItem[]
  /** Components for the app header, shown by whichever shell renders the header. */
  readonly headerItems?: readonly HeaderItem[]
  /** Runs last, after routes, stores, messages, theme tokens and nav are in place. */
  install?(app: App, router: Router, context: ClientLayerContext): void | Promise<void>
}

/** What the `./client` entry of a layer package exports; the host reads either name. */
export interface ClientLayerModule {
  readonly default?: ClientLayer
  readonly clientLayer?: ClientLayer
}

/** Identity helper that checks a client half where it is written and keeps its literal types. */
export const defineClientLayer = <M extends object>(layer: ClientLayer<M>): ClientLayer<M> => layer

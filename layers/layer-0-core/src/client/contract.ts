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
 * Loads a locale's messages on demand: `() => import('./messages/pt-BR.ts').then((m) => m.ptBR)`,
 * so a visitor downloads only the locales the app runs in.
 */
export type MessagesLoader<M> = () => Promise<PartialMessages<M>>

/**
 * A layer's messages, one tree per locale. en-US is the typed source and complete, shipped with
 * the layer (it is every key's last fallback); any other locale may ship part of it (a key it
 * leaves out falls back through the locale's `fallback`, then en-US), as a tree or as a
 * {@link MessagesLoader} the host calls when the app switches to that locale. An extra key fails
 * the type-check. A new layer may ship en-US alone.
 */
export type LayerMessages<M> = { readonly 'en-US': M } & {
  readonly [locale: LocaleCode]:
    PartialMessages<NoInfer<M>> | MessagesLoader<NoInfer<M>> | undefined
}

/**
 * Where a nav item sits in the app shell's sidebar, in this order: the tenant's work (dashboard,
 * clients, projects, reports), its administration (members, roles, languages, logs, system), and
 * the signed-in person's own account.
 */
export type NavSection = 'workspace' | 'administration' | 'account'

/** The shell's sections, in the order the sidebar shows them. */
export const NAV_SECTIONS: readonly NavSection[] = ['workspace', 'administration', 'account']

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
  /**
   * The sidebar section the item belongs to.
   * @default 'workspace'
   */
  readonly section?: NavSection
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

/**
 * A component a layer places in the app shell's header (tenant switcher, user menu), or in the
 * band above it (a theme preview, an impersonation notice).
 */
export interface HeaderItem {
  /** Stable id, prefixed with the layer id: `multitenant.switcher`. */
  readonly id: string
  /** Lazy, like pages: `() => import('./components/TenantSwitcher.vue')`. */
  readonly load: () => Promise<Component | { default: Component }>
  /** @default 100 */
  readonly order?: number
  /**
   * `actions`: among the header's working parts; `banner`: full width above the header, on every
   * signed-in page (the item renders nothing when it has nothing to say).
   * @default 'actions'
   */
  readonly placement?: 'actions' | 'banner'
  /**
   * Stays in the header on phones. Other actions move into the folded menu there, which keeps the
   * header one line high.
   * @default false
   */
  readonly keepOnPhones?: boolean
}

/**
 * A part of another layer's page, placed by the page's owner where it lists `page`'s sections:
 * layer 3 adds the profile and preferences forms to layer 1's My account page (`auth.account`).
 */
export interface PageSection {
  /** Stable id, prefixed with the contributing layer's id: `authenticated.profile`. */
  readonly id: string
  /** Name of the route whose page shows the section: `auth.account`. */
  readonly page: string
  /** Lazy, like pages. */
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
  /**
   * Installs every live layer the host has not installed yet. The host installs a layer that
   * declares route paths (`route-paths.ts` next to its client entry) only when a navigation
   * targets one of them; a layer calls this when the app needs them all (auth, on sign-in, so the
   * navigation shows every layer's items). A navigation under way re-runs once they are in.
   * Absent in test kits that install layers by hand.
   */
  readonly installAllLayers?: () => Promise<void>
  /**
   * Asks the server again which layers are on (`GET /api/core/layers`, for the tenant the API
   * client names now) and makes the app match without a reload: a layer now off is removed
   * (see {@link ClientLayer.install}), one now on is installed again. The multitenant layer calls
   * it when the current tenant changes. Absent in test kits that install layers by hand.
   */
  readonly refreshLayers?: () => Promise<void>
}

/** Undoes what a layer's `install` set up that the host cannot see (listeners, timers). */
export type LayerDisposer = () => void

/**
 * The platform: installed whenever the app runs and never switched off at run time, so the host
 * never removes them.
 */
// The registry's PLATFORM_LAYERS, kept apart: the registry's module brings zod into the boot.
export const PLATFORM_LAYER_IDS: readonly string[] = ['core', 'auth', 'multitenant']

// `any` keeps setup stores (whose getters and actions are inferred) assignable to one list.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyStoreDefinition = StoreDefinition<string, any, any, any>

/** The client half of a layer. The host installs it only when the server reports it live. */
export interface ClientLayer<M extends object = object> {
  readonly manifest: LayerManifest
  /** Pages are lazy: `component: () => import('./pages/LoginPage.vue')`. */
  readonly routes: readonly RouteRecordRaw[]
  /**
   * Pinia stores instantiated at install, ids prefixed with the layer id (`auth.session`). They
   * are also the layer's stores the host disposes (`$dispose()`, state deleted) when the layer is
   * switched off for the current tenant: list every store the layer defines.
   */
  readonly stores?: readonly AnyStoreDefinition[]
  /** Merged under the layer id: `t('<layer-id>.some.key')`. */
  readonly messages: LayerMessages<M>
  /** Merged over the base theme, in layer order; prefix names with the layer id. */
  readonly theme?: ThemeTokens
  readonly nav?: readonly NavItem[]
  /** Components for the app shell's header and the band above it. */
  readonly headerItems?: readonly HeaderItem[]
  /** Parts of other layers' pages (see {@link PageSection}). */
  readonly pageSections?: readonly PageSection[]
  /**
   * Runs last, after routes, stores, messages, theme tokens and nav are in place. A layer other
   * than the platform ({@link PLATFORM_LAYER_IDS}) can be switched off at run time, for one
   * tenant, and back on; then the host takes back, by itself, its routes, nav and header items and
   * stores, the routes and guards `install` added through the `router` it was given, and the
   * watchers `install` created before its first `await`. Anything else (a watcher after an
   * `await`, a listener on `window`, a handler on the API client) is undone by the function
   * `install` returns, which the host calls first. It is installed again, `install` included,
   * when the layer comes back on.
   */
  install?(
    app: App,
    router: Router,
    context: ClientLayerContext,
  ): void | LayerDisposer | Promise<void | LayerDisposer>
}

/** What a layer's early hook receives: its API prefix and the app's API client. */
export interface EarlyContext {
  /** The layer's API prefix as the server reports it (`undefined`: mounted at the root). */
  readonly prefix: string | undefined
  readonly api: ApiClient
}

/**
 * A layer's `early.ts` (next to its client entry) exports `early`: the host calls it at start, once
 * the server has said the layer is live, before any layer is installed, on every page (sign-in
 * too). It is in the login page's bundle: a few lines, no imports beyond types. The logging
 * layer uses it to report errors before its full client half is loaded.
 */
export type EarlyHook = (context: EarlyContext) => void

/** What the `./client` entry of a layer package exports; the host reads either name. */
export interface ClientLayerModule {
  readonly default?: ClientLayer
  readonly clientLayer?: ClientLayer
}

/** Identity helper that checks a client half where it is written and keeps its literal types. */
export const defineClientLayer = <M extends object>(layer: ClientLayer<M>): ClientLayer<M> => layer

import type { RouteLocationNormalized, RouteRecordRaw } from 'vue-router'

/**
 * How a page is framed: `app`, the route renders its own header and navigation (a signed-in
 * layout); `public`, the host's public header sits above it.
 */
export type RouteShell = 'app' | 'public'

declare module 'vue-router' {
  interface RouteMeta {
    /**
     * Who draws the header and navigation: `'app'` when this route (or, set on a layout route,
     * each of its children) renders its own, so the host leaves out its public header.
     * @default 'public'
     */
    shell?: RouteShell
    /** Message key of the page title, shown as `<title> · <theme title>`. */
    titleKey?: string
    /** Only for visitors who are not signed in (enforced by the auth layer). */
    guest?: boolean
    /** Permission needed to open the page (enforced by the layer that knows permissions). */
    permission?: string
  }
}

/** The shell a route asks for: the nearest `meta.shell` (vue-router merges parents' meta). */
export const routeShell = (route: Pick<RouteLocationNormalized, 'meta'>): RouteShell =>
  route.meta.shell ?? 'public'

/** Core pages; each is its own lazy chunk. */
export const coreRoutes: RouteRecordRaw[] = [
  {
    path: '/',
    name: 'core.landing',
    component: () => import('./pages/LandingPage.vue'),
    meta: { titleKey: 'core.landing.title' },
  },
  {
    path: '/dev/mailbox',
    name: 'core.devMailbox',
    component: () => import('./pages/DevMailboxPage.vue'),
    meta: { titleKey: 'core.mailbox.title' },
  },
]

/** Catch-all page. The host adds it after every layer's routes, so it is always the last resort. */
export const notFoundRoute: RouteRecordRaw = {
  path: '/:pathMatch(.*)*',
  name: 'core.notFound',
  component: () => import('./pages/NotFoundPage.vue'),
  meta: { titleKey: 'core.notFound.title' },
}

import type { RouteRecordRaw } from 'vue-router'

declare module 'vue-router' {
  interface RouteMeta {
    /** Message key of the page title, shown as `<title> · <theme title>`. */
    titleKey?: string
    /** Only for visitors who are not signed in (enforced by the auth layer). */
    guest?: boolean
    /** Permission needed to open the page (enforced by the layer that knows permissions). */
    permission?: string
  }
}

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

import type { RouteLocationNormalized, RouteRecordRaw, Router } from 'vue-router'

/**
 * How a page is framed: `app`, inside core's app shell (header, sidebar, user menu); `public`,
 * under the host's public header; `auto`, in the app shell when someone is signed in and under
 * the public header otherwise (the not-found page).
 */
export type RouteShell = 'app' | 'public' | 'auto'

/** Name of core's signed-in layout route: a layer's signed-in pages are its children. */
export const SHELL_ROUTE = 'core.shell'

/** Name of the shell's start page (`/app`): the first page the user may open. */
export const START_ROUTE = 'core.start'

declare module 'vue-router' {
  interface RouteMeta {
    /**
     * How the page is framed. A layer's route with `'app'` goes inside core's app shell (see
     * {@link addLayerRoute}); the shell's children inherit it.
     * @default 'public'
     */
    shell?: RouteShell
    /** Only for signed-in users (enforced by the auth layer). */
    requiresAuth?: boolean
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

/**
 * Adds a layer's route: inside the app shell when its `meta.shell` is `'app'` (the shell's
 * layout stays out of the login page's download: it is a lazy chunk), at the top level otherwise.
 */
export function addLayerRoute(router: Router, route: RouteRecordRaw): void {
  if (route.meta?.shell === 'app' && router.hasRoute(SHELL_ROUTE)) {
    router.addRoute(SHELL_ROUTE, route)
  } else router.addRoute(route)
}

/** Core pages; each is its own lazy chunk. */
export const coreRoutes: RouteRecordRaw[] = [
  {
    // Children keep absolute paths (`/clients`), so the layout adds no URL segment.
    path: '/app',
    name: SHELL_ROUTE,
    component: () => import('./layout/AppShell.vue'),
    meta: { requiresAuth: true, shell: 'app' },
    children: [
      {
        path: '',
        name: START_ROUTE,
        component: () => import('./pages/StartPage.vue'),
        meta: { titleKey: 'core.start.title' },
        beforeEnter: () => import('./layout/start-target.ts').then((m) => m.startTarget()),
      },
    ],
  },
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
    // Open to visitors (sign-in codes arrive here), and in the app shell for someone signed in.
    meta: { titleKey: 'core.mailbox.title', shell: 'auto' },
  },
]

/** Catch-all page. The host adds it after every layer's routes, so it is always the last resort. */
export const notFoundRoute: RouteRecordRaw = {
  path: '/:pathMatch(.*)*',
  name: 'core.notFound',
  component: () => import('./pages/NotFoundPage.vue'),
  meta: { titleKey: 'core.notFound.title', shell: 'auto' },
}

import {
  defineClientLayer,
  saveLocale,
  START_ROUTE,
  useLayersStore,
  useViewerStore,
} from '@stratum/layer-core/client'
import { watch } from 'vue'
import { authManifest } from '../shared/manifest.ts'
import { enUS } from './messages/en-US.ts'
import { authRoutes } from './routes.ts'
import { ACCOUNT_ROUTE, authGuard, LOGIN_ROUTE } from './session/auth-guard.ts'
import { refreshOnUnauthorized } from './session/refresh-on-unauthorized.ts'
import { useSessionStore } from './stores/session-store.ts'

/**
 * Client half of layer 1: sign-in with an emailed code, the session store and the route guard,
 * My account, and the user menu in the app shell's header.
 */
export const authClientLayer = defineClientLayer({
  manifest: authManifest,
  routes: authRoutes,
  stores: [useSessionStore],
  // Other locales load when the app runs in them: a visitor downloads one language, not three.
  messages: {
    'en-US': enUS,
    'pt-BR': () => import('./messages/pt-BR.ts').then((m) => m.ptBR),
    'es-ES': () => import('./messages/es-ES.ts').then((m) => m.esES),
  },
  theme: {
    '--auth-card-width': '26rem',
    '--auth-logo-height': '3rem',
    '--auth-code-box-size': '3rem',
    '--auth-impersonation-background': 'var(--color-danger)',
    '--auth-impersonation-text': 'var(--color-on-primary)',
    '--auth-impersonation-border': 'var(--color-text)',
  },

  nav: [
    {
      id: 'auth.account',
      labelKey: 'auth.nav.account',
      to: { name: ACCOUNT_ROUTE },
      section: 'account',
      order: 900,
    },
  ],
  headerItems: [
    {
      id: 'auth.userMenu',
      load: () => import('./components/UserMenu.vue'),
      order: 900,
      keepOnPhones: true,
    },
  ],
  install(_app, router, { api, pinia, i18n, installAllLayers }) {
    const session = useSessionStore(pinia)
    const layers = useLayersStore(pinia)
    const viewer = useViewerStore(pinia)
    viewer.setRoutes({ signIn: { name: LOGIN_ROUTE }, account: { name: ACCOUNT_ROUTE } })
    watch(
      () => session.isAuthenticated,
      (signedIn) => viewer.setSignedIn(signedIn),
      { flush: 'sync', immediate: true },
    )
    refreshOnUnauthorized(api, session, router)
    // One preference: at sign-in (and when a session is restored) the language saved on the
    // server wins and applies at once; the switcher and the profile page show the same value.
    watch(
      () => session.user?.id,
      (signedIn) => {
        const saved = session.user?.locale
        if (!signedIn || !saved || !layers.locales.some((l) => l.code === saved)) return
        i18n.global.locale.value = saved
        saveLocale(saved)
      },
      { immediate: true },
    )
    router.beforeEach(authGuard)
    // The banner (both identities, Stop) joins the page the first time a superadmin acts as
    // another user (the impersonation starts as null), so nobody else downloads it.
    watch(
      () => session.impersonation,
      () =>
        layers.addHeaderItems([
          {
            id: 'auth.impersonation',
            load: () => import('./impersonation/ImpersonationBanner.vue'),
            placement: 'banner',
          },
        ]),
      { once: true },
    )
    // Signed-in people start in the app shell (its first page they may open), not on the
    // public landing page. After the guard above, which waits until the session is known.
    router.beforeEach((to) =>
      to.name === 'core.landing' && session.isAuthenticated && router.hasRoute(START_ROUTE)
        ? { name: START_ROUTE }
        : true,
    )
    // The host defers layers until their pages are opened; a signed-in user gets them all now
    // (navigation, header items, their guards). Synchronous, so the navigation that finds the
    // session (the guard above) already waits for them.
    watch(
      () => session.isAuthenticated,
      (signedIn) => signedIn && void installAllLayers?.(),
      { flush: 'sync', immediate: true },
    )
    // Starts restoring the session now, in parallel with the rest of start-up; the guard waits.
    void session.ensureLoaded()
  },
})

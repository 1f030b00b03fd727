import { defineStore } from 'pinia'
import { ref, shallowRef } from 'vue'
import type { RouteLocationRaw } from 'vue-router'

/**
 * Who is looking, as far as core needs to know: whether someone is signed in (which frames the
 * not-found page in the app shell), and where signing in and one's own account live. The layer
 * that knows sessions (auth) keeps it up to date; without it, everyone is a visitor.
 */
export const useViewerStore = defineStore('core.viewer', () => {
  const signedIn = ref(false)
  /** The sign-in page, for the landing page's button and the public header. */
  const signInRoute = shallowRef<RouteLocationRaw>()
  /** The signed-in person's own page, the app shell's last resort as a start page. */
  const accountRoute = shallowRef<RouteLocationRaw>()

  function setSignedIn(value: boolean) {
    signedIn.value = value
  }
  function setRoutes(routes: { signIn?: RouteLocationRaw; account?: RouteLocationRaw }) {
    signInRoute.value = routes.signIn
    accountRoute.value = routes.account
  }

  return { signedIn, signInRoute, accountRoute, setSignedIn, setRoutes }
})

import type { RouteRecordRaw } from 'vue-router'
import { useSessionStore } from './stores/session-store.ts'

declare module 'vue-router' {
  interface RouteMeta {
    /** Only for signed-in users; anonymous visitors go to `/login?redirect=<target>`. */
    requiresAuth?: boolean
  }
}

/** Sign-in pages (guest-only) and the account page (signed-in only); each is a lazy chunk. */
export const authRoutes: RouteRecordRaw[] = [
  {
    path: '/login',
    name: 'auth.login',
    component: () => import('./pages/LoginPage.vue'),
    meta: { guest: true, titleKey: 'auth.login.title' },
  },
  {
    path: '/verify-otp',
    name: 'auth.verifyOtp',
    component: () => import('./pages/VerifyOtpPage.vue'),
    meta: { guest: true, titleKey: 'auth.verify.title' },
    // The code page needs the address a code went to; without one, start at the email step.
    beforeEnter: (to) =>
      useSessionStore().pendingEmail ? true : { name: 'auth.login', query: to.query },
  },
  {
    path: '/account',
    name: 'auth.account',
    component: () => import('./pages/AccountPage.vue'),
    meta: { requiresAuth: true, titleKey: 'auth.account.title' },
  },
]

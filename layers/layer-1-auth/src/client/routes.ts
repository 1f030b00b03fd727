import type { RouteRecordRaw } from 'vue-router'
import { ACCOUNT_ROUTE } from './session/auth-guard.ts'
import { useSessionStore } from './stores/session-store.ts'

/**
 * Sign-in pages (guest-only) and My account (signed-in only, in core's app shell); each is a lazy
 * chunk. `meta.requiresAuth` (declared by core) sends anonymous visitors to
 * `/login?redirect=<target>`.
 */
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
    name: ACCOUNT_ROUTE,
    component: () => import('./pages/AccountPage.vue'),
    meta: { requiresAuth: true, shell: 'app', titleKey: 'auth.account.title' },
  },
]

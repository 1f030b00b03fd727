import type { RouteRecordRaw } from 'vue-router'

/**
 * The translation console: a lazy chunk, in core's app shell. `i18n.tenant-manage` opens it;
 * superadmins hold every permission, so they pass the same check (and see the global scope).
 */
export const consoleRoute: RouteRecordRaw = {
  path: '/languages',
  name: 'languages.console',
  component: () => import('./pages/TranslationConsolePage.vue'),
  meta: {
    shell: 'app',
    requiresAuth: true,
    permission: 'i18n.tenant-manage',
    titleKey: 'languages.console.title',
  },
}

import { defineAsyncComponent } from 'vue'

/**
 * The app shell as a lazy component, for the host to frame a top-level page (not found) for a
 * signed-in user; it stays out of the first download of public pages such as sign-in.
 */
export const LazyAppShell = defineAsyncComponent(() => import('./AppShell.vue'))

import { defineClientLayer } from '@stratum/layer-core/client'
import { authManifest } from '../shared/manifest.ts'
import { enUS } from './messages/en-US.ts'
import { esES } from './messages/es-ES.ts'
import { ptBR } from './messages/pt-BR.ts'
import { authRoutes } from './routes.ts'
import { authGuard } from './session/auth-guard.ts'
import { refreshOnUnauthorized } from './session/refresh-on-unauthorized.ts'
import { useSessionStore } from './stores/session-store.ts'

/** Client half of layer 1: sign-in with an emailed code, the session store and the route guard. */
export const authClientLayer = defineClientLayer({
  manifest: authManifest,
  routes: authRoutes,
  stores: [useSessionStore],
  messages: { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES },
  theme: {
    '--auth-card-width': '26rem',
    '--auth-logo-height': '3rem',
    '--auth-code-box-size': '3rem',
  },
  nav: [
    { id: 'auth.account', labelKey: 'auth.nav.account', to: { name: 'auth.account' }, order: 900 },
  ],
  install(_app, router, { api, pinia }) {
    const session = useSessionStore(pinia)
    refreshOnUnauthorized(api, session, router)
    router.beforeEach(authGuard)
    // Starts restoring the session now, in parallel with the rest of start-up; the guard waits.
    void session.ensureLoaded()
  },
})

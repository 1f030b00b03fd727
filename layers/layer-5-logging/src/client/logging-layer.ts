import { defineClientLayer, useLayersStore } from '@stratum/layer-core/client'
import { loggingManifest } from '../shared/manifest.ts'
import { installBrowserLogger } from './logger/install-logger.ts'
import { enUS } from './messages/en-US.ts'
import { esES } from './messages/es-ES.ts'
import { ptBR } from './messages/pt-BR.ts'
import { loggingNav } from './nav.ts'
import { LOGGING_ROUTES, loggingRoutes } from './routes.ts'

/** Where the browser logger sends, when the server reports no prefix for the layer. */
export const DEFAULT_INGEST_PREFIX = '/api/logs'

/**
 * Client half of layer 5: the browser logger (installed only here, so a server with the layer
 * off receives nothing), the Logs, Audit and Metrics consoles, and the request trace page that
 * the error view links to.
 */
export const loggingClientLayer = defineClientLayer({
  manifest: loggingManifest,
  routes: loggingRoutes,
  messages: { 'en-US': enUS, 'pt-BR': ptBR, 'es-ES': esES },
  theme: {
    '--logging-level-debug': 'var(--color-muted)',
    '--logging-level-info': 'var(--color-primary)',
    '--logging-level-warn': 'color-mix(in srgb, var(--color-danger) 55%, var(--color-text))',
    '--logging-level-error': 'var(--color-danger)',
    '--logging-changed-background':
      'color-mix(in srgb, var(--color-primary) 12%, var(--color-surface))',
  },
  nav: loggingNav,
  install(app, router, { api, pinia, layer }) {
    const { uninstall } = installBrowserLogger(
      app,
      router,
      api,
      layer.prefix ?? DEFAULT_INGEST_PREFIX,
    )

    const layers = useLayersStore(pinia)
    // Offered only to users whose navigation shows the logs console (the permission filters).
    const unlink = layers.setRequestLink((requestId) =>
      layers.nav.some((item) => item.id === LOGGING_ROUTES.logs)
        ? {
            to: { name: LOGGING_ROUTES.trace, params: { requestId } },
            labelKey: 'logging.common.openTrace',
          }
        : undefined,
    )
    // Switched off for the current tenant: the capture stops (window listeners, API hooks, the
    // performance observers) and what is queued is sent; nothing is logged until it is back on.
    return () => {
      unlink()
      uninstall()
    }
  },
})

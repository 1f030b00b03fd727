import type { RouteRecordRaw } from 'vue-router'

/** Route names of the consoles. */
export const LOGGING_ROUTES = {
  logs: 'logging.logs',
  audit: 'logging.audit',
  metrics: 'logging.metrics',
  trace: 'logging.trace',
} as const

/**
 * The consoles, each a lazy chunk (the metrics page alone loads the chart library), in core's app
 * shell. Access rules are in `meta`, read by the layer that knows permissions; the server checks
 * them again.
 */
export const loggingRoutes: RouteRecordRaw[] = [
  {
    path: '/logging/logs',
    name: LOGGING_ROUTES.logs,
    component: () => import('./pages/LogsPage.vue'),
    meta: {
      shell: 'app',
      requiresAuth: true,
      permission: 'logs.view',
      titleKey: 'logging.logs.title',
    },
  },
  {
    path: '/logging/audit',
    name: LOGGING_ROUTES.audit,
    component: () => import('./pages/AuditPage.vue'),
    meta: {
      shell: 'app',
      requiresAuth: true,
      permission: 'audit.view',
      titleKey: 'logging.audit.title',
    },
  },
  {
    path: '/logging/metrics',
    name: LOGGING_ROUTES.metrics,
    component: () => import('./pages/MetricsPage.vue'),
    meta: {
      shell: 'app',
      requiresAuth: true,
      permission: 'metrics.view',
      titleKey: 'logging.metrics.title',
    },
  },
  {
    path: '/logging/trace/:requestId?',
    name: LOGGING_ROUTES.trace,
    component: () => import('./pages/TracePage.vue'),
    meta: {
      shell: 'app',
      requiresAuth: true,
      permission: 'logs.view',
      titleKey: 'logging.trace.title',
    },
  },
]

import {
  defineServerLayer,
  serviceRef,
  type Database,
  type Logger,
} from '@stratum/layer-core/server'
import { loggingManifest } from '../shared/manifest.ts'
import { loggingPermissions } from '../shared/permissions.ts'
import { adminRoutes } from './admin-routes.ts'
import { attachAuditTriggers } from './audit-triggers.ts'
import { auditSink } from './audit-sink.ts'
import { ErrorAlert } from './error-alert.ts'
import { ingestRoutes } from './ingest-routes.ts'
import { DatabaseLogTransport } from './log-transport.ts'
import { loadLoggingSettings, type LoggingSettings } from './logging-settings.ts'
import { loggingMigrations } from './migrations/index.ts'
import { PrometheusMetrics } from './prometheus.ts'
import { requestMetrics } from './request-metrics.ts'
import { scheduleRetention } from './retention.ts'
import { createWriters, type LoggingWriters } from './writers.ts'

/** What one host's contributions and `init` share: the queues and the Prometheus registry. */
interface LoggingRuntime {
  settings: LoggingSettings
  writers: LoggingWriters
  prometheus: PrometheusMetrics
}

/** Keyed by the host's database: contributions are collected before `init` runs. */
const runtimes = new WeakMap<Database, LoggingRuntime>()

function runtimeFor(
  database: Database,
  logger: Logger,
  env: Readonly<Record<string, string | undefined>>,
): LoggingRuntime {
  let runtime = runtimes.get(database)
  if (!runtime) {
    const settings = loadLoggingSettings(env)
    const writers = createWriters(database, logger, settings.LOG_QUEUE_MAX)
    const prometheus = new PrometheusMetrics({ logs: writers.logs, metrics: writers.metrics })
    runtime = { settings, writers, prometheus }
    runtimes.set(database, runtime)
  }
  return runtime
}

/**
 * Server half of layer 5: logging, audit and metrics. It plugs in only through extension points
 * (`core.audit`, `core.requestEvents`, `core.middleware`, `multitenant.permissions`), so every
 * other layer works the same with it disabled.
 */
export const loggingServerLayer = defineServerLayer({
  manifest: loggingManifest,
  migrations: loggingMigrations,
  deps: {
    requireAuth: serviceRef('auth.requireAuth', { optional: true }),
    currentUser: serviceRef('auth.currentUser', { optional: true }),
    userEmails: serviceRef('auth.userEmails', { optional: true }),
    tenantDb: serviceRef('multitenant.tenantDb', { optional: true }),
  },
  contributes: ({ database, logger, env }) => {
    const { writers, prometheus } = runtimeFor(database, logger, env)
    return {
      'core.audit': auditSink(database.db),
      'core.requestEvents': requestMetrics(writers.metrics, prometheus.observe),
      'core.middleware': {
        stage: 'beforeAuth',
        name: 'logging.prometheus',
        handler: prometheus.middleware(),
      },
      'multitenant.permissions': loggingPermissions,
    }
  },
  init: async (ctx, deps) => {
    const { settings, writers } = runtimeFor(ctx.database, ctx.logger, ctx.env)
    const attached = await attachAuditTriggers(ctx.database)
    if (attached.length > 0) ctx.logger.info('audit trigger attached', { tables: attached })
    const alert = settings.ALERT_WEBHOOK_URL
      ? new ErrorAlert({
          url: settings.ALERT_WEBHOOK_URL,
          threshold: settings.ALERT_THRESHOLD,
          windowMs: settings.ALERT_WINDOW_SECONDS * 1000,
          logger: ctx.logger,
        })
      : undefined
    const onError = (n: number) => alert?.count(n)
    const transport = new DatabaseLogTransport(writers.logs, onError)
    ctx.logger.add(transport)
    const stopRetention = scheduleRetention(ctx.database, settings, ctx.logger)
    const { requireAuth, currentUser, tenantDb } = deps
    return {
      router: ingestRoutes(
        {
          ...deps,
          cache: ctx.cache,
          logger: ctx.logger,
          logs: writers.logs,
          perIpMax: settings.LOG_INGEST_IP_MAX,
          onError,
        },
        [...ctx.layer.openapiTags],
      ),
      // The consoles need a signed-in user; without the auth layer only ingestion is served.
      ...(requireAuth &&
        currentUser && {
          adminRouter: adminRoutes({
            database: ctx.database,
            requireAuth,
            currentUser,
            tenantDb,
            userEmails: deps.userEmails,
          }),
        }),
      close: async () => {
        stopRetention()
        ctx.logger.remove(transport)
        await Promise.all([writers.logs.close(), writers.metrics.close(), alert?.pending])
        runtimes.delete(ctx.database)
      },
    }
  },
})

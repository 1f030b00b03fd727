import type { RequestEvent } from '@stratum/layer-core/server'
import type { BatchWriter } from './batch-writer.ts'
import type { MetricRow } from './tables.ts'
import { uuidOrNull } from './uuid.ts'

/** One finished request as a `performance_metrics` row. */
export const metricRow = (event: RequestEvent): MetricRow => ({
  timestamp: event.at,
  method: event.method,
  endpoint: event.route,
  status_code: event.status,
  duration_ms: event.durationMs,
  db_query_count: event.db.queries,
  db_query_duration_ms: event.db.durationMs,
  user_id: uuidOrNull(event.userId),
  tenant_id: uuidOrNull(event.tenantId),
  request_id: event.requestId,
})

/**
 * Probes and scrapes, not users' requests: a load balancer or Kubernetes asks every few seconds
 * per replica, and a row each would fill the table with noise (and, on the embedded database,
 * cost each probe more than the probe itself). `/metrics` still counts them.
 */
export const UNRECORDED_PATHS: ReadonlySet<string> = new Set([
  '/health',
  '/health/ready',
  '/metrics',
])

/** The `core.requestEvents` listener: queues the row, never waits. */
export const requestMetrics =
  (writer: BatchWriter<MetricRow, unknown>, observe?: (event: RequestEvent) => void) =>
  (event: RequestEvent): void => {
    if (!UNRECORDED_PATHS.has(event.path)) writer.push(metricRow(event))
    observe?.(event)
  }

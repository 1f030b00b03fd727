import { z } from 'zod'
import { safeText } from '@stratum/layer-core/shared'
import { pageQueryBase } from './query-schemas.ts'

/** Query of `GET /api/admin/logging/metrics`: raw request rows. */
export const metricQuerySchema = pageQueryBase.extend({
  /** The route pattern (`/api/app/clients/:id`). */
  endpoint: safeText().min(1).max(300).optional(),
})
export type MetricQuery = z.input<typeof metricQuerySchema>

/** One finished request. */
export const metricItemSchema = z.object({
  id: z.string(),
  timestamp: z.string(),
  method: z.string(),
  endpoint: z.string(),
  statusCode: z.number().int(),
  durationMs: z.number(),
  dbQueryCount: z.number().int(),
  dbQueryDurationMs: z.number(),
  userId: z.string().nullable(),
  tenantId: z.string().nullable(),
  requestId: z.string().nullable(),
})
export type MetricItem = z.infer<typeof metricItemSchema>

export const metricPageSchema = z.object({
  items: z.array(metricItemSchema),
  nextCursor: z.string().optional(),
})
export type MetricPage = z.infer<typeof metricPageSchema>

/** Width of one point of the summary's time series. */
export const summaryBucketSchema = z.enum(['minute', 'hour', 'day'])

/** Query of `GET /metrics/summary`; the window defaults to the last hour. */
export const metricSummaryQuerySchema = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  bucket: summaryBucketSchema.default('minute'),
})
export type MetricSummaryQuery = z.input<typeof metricSummaryQuerySchema>

const percentiles = { p50: z.number(), p95: z.number(), p99: z.number() }

/** Per route (slowest p95 first) and per time bucket: counts, error rate and latency in ms. */
export const metricSummarySchema = z.object({
  routes: z.array(
    z.object({
      method: z.string(),
      endpoint: z.string(),
      count: z.number().int(),
      /** 0–1: share of answers with status ≥ 500. */
      errorRate: z.number(),
      ...percentiles,
    }),
  ),
  series: z.array(
    z.object({ at: z.string(), count: z.number().int(), errors: z.number().int(), ...percentiles }),
  ),
})
export type MetricSummary = z.infer<typeof metricSummarySchema>

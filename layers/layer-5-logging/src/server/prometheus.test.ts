import { describe, expect, it } from 'vitest'
import type { RequestEvent } from '@stratum/layer-core/server'
import { PrometheusMetrics } from './prometheus.ts'

const event = (route: string, status: number, durationMs: number): RequestEvent => ({
  method: 'GET',
  route,
  path: route,
  status,
  durationMs,
  userId: undefined,
  tenantId: undefined,
  requestId: 'r',
  ip: undefined,
  userAgent: undefined,
  db: { queries: 0, durationMs: 0 },
  at: new Date(),
})

const sample = (text: string, line: string) => {
  const found = text.split('\n').find((l) => l.startsWith(`${line} `))
  return found === undefined ? undefined : Number(found.slice(line.length + 1))
}

describe('PrometheusMetrics', () => {
  it('counts requests per status and keeps cumulative duration buckets per route', async () => {
    const metrics = new PrometheusMetrics({ logs: { dropped: 2, pending: 5 } })
    metrics.observe(event('/a', 200, 3))
    metrics.observe(event('/a', 200, 30))
    metrics.observe(event('/a', 500, 7000))
    metrics.observe(event('/b', 404, 5))
    const text = await metrics.registry.metrics()

    expect(text).toContain('# TYPE http_requests_total counter')
    expect(sample(text, 'http_requests_total{method="GET",route="/a",status="200"}')).toBe(2)
    expect(sample(text, 'http_requests_total{method="GET",route="/a",status="500"}')).toBe(1)
    expect(sample(text, 'http_requests_total{method="GET",route="/b",status="404"}')).toBe(1)

    const bucket = (route: string, le: string) =>
      sample(text, `http_request_duration_seconds_bucket{method="GET",route="${route}",le="${le}"}`)
    expect(bucket('/a', '0.005')).toBe(1)
    expect(bucket('/a', '0.025')).toBe(1)
    expect(bucket('/a', '0.05')).toBe(2)
    expect(bucket('/a', '5')).toBe(2)
    expect(bucket('/a', '+Inf')).toBe(3)
    // A bound is inclusive, as Prometheus defines `le`.
    expect(bucket('/b', '0.005')).toBe(1)
    expect(sample(text, 'http_request_duration_seconds_count{method="GET",route="/a"}')).toBe(3)
    expect(sample(text, 'http_request_duration_seconds_sum{method="GET",route="/a"}')).toBeCloseTo(
      7.033,
      6,
    )
    expect(sample(text, 'logging_rows_dropped_total{queue="logs"}')).toBe(2)
    expect(sample(text, 'logging_rows_pending{queue="logs"}')).toBe(5)
  })
})

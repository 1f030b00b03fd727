import type { MiddlewareHandler } from 'hono'
import { collectDefaultMetrics, Gauge, Registry } from 'prom-client'
import type { RequestEvent } from '@stratum/layer-core/server'

/** Where the counters of the batched writers are read from at scrape time. */
export interface QueueStats {
  readonly dropped: number
  readonly pending: number
}

/** Upper bounds of the request duration histogram, in seconds. */
const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5] as const

/** One method and route pattern: requests per status and the duration histogram. */
interface RouteTally {
  method: string
  route: string
  statuses: Map<number, number>
  /** Requests per bucket (not cumulative), the last one past every bound. */
  buckets: Float64Array
  sum: number
  count: number
}

/** What prom-client's registry formats: one metric family and its samples. */
interface MetricFamily {
  name: string
  help: string
  type: 'counter' | 'histogram'
  values: { labels: Record<string, string | number>; value: number; metricName?: string }[]
  aggregator: 'sum'
}

/**
 * The request counter and duration histogram, kept as plain numbers per route and turned into
 * samples only when scraped. prom-client's own `Counter.inc(labels)` and
 * `Histogram.observe(labels, v)` hash the label object on every call; on the request path that
 * was a measurable part of the logging layer's cost per request, for a figure read once a minute.
 */
class RequestTallies {
  readonly #routes = new Map<string, RouteTally>()

  record(method: string, route: string, status: number, seconds: number): void {
    const key = `${method} ${route}`
    let tally = this.#routes.get(key)
    if (!tally) {
      tally = {
        method,
        route,
        statuses: new Map(),
        buckets: new Float64Array(BUCKETS.length + 1),
        sum: 0,
        count: 0,
      }
      this.#routes.set(key, tally)
    }
    tally.statuses.set(status, (tally.statuses.get(status) ?? 0) + 1)
    let bucket = 0
    while (bucket < BUCKETS.length && seconds > BUCKETS[bucket]!) bucket++
    tally.buckets[bucket]!++
    tally.sum += seconds
    tally.count++
  }

  /** `http_requests_total`, as prom-client's registry reads a metric. */
  readonly requests = {
    name: 'http_requests_total',
    help: 'Finished HTTP requests',
    type: 'counter',
    aggregator: 'sum',
    get: async (): Promise<MetricFamily> => ({
      name: this.requests.name,
      help: this.requests.help,
      type: 'counter',
      aggregator: 'sum',
      values: [...this.#routes.values()].flatMap((t) =>
        [...t.statuses].map(([status, value]) => ({
          labels: { method: t.method, route: t.route, status: String(status) },
          value,
        })),
      ),
    }),
  } as const

  /** `http_request_duration_seconds`, cumulative buckets as Prometheus expects. */
  readonly duration = {
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration',
    type: 'histogram',
    aggregator: 'sum',
    get: async (): Promise<MetricFamily> => ({
      name: this.duration.name,
      help: this.duration.help,
      type: 'histogram',
      aggregator: 'sum',
      values: [...this.#routes.values()].flatMap((t) => {
        const labels = { method: t.method, route: t.route }
        let cumulative = 0
        const buckets = [...BUCKETS, '+Inf' as const].map((le, i) => {
          cumulative += t.buckets[i]!
          return {
            labels: { ...labels, le },
            value: cumulative,
            metricName: `${this.duration.name}_bucket`,
          }
        })
        return [
          ...buckets,
          { labels, value: t.sum, metricName: `${this.duration.name}_sum` },
          { labels, value: t.count, metricName: `${this.duration.name}_count` },
        ]
      }),
    }),
  } as const
}

/**
 * Prometheus metrics of this process, in a registry of its own (several hosts may share a
 * process in tests): request count and latency per route pattern, and the log queues.
 */
export class PrometheusMetrics {
  readonly registry = new Registry()
  readonly #tallies = new RequestTallies()

  constructor(queues: Record<string, QueueStats>) {
    // prom-client's registry formats any object with `name`, `help`, `type` and `get()`.
    this.registry.registerMetric(this.#tallies.requests as never)
    this.registry.registerMetric(this.#tallies.duration as never)
    collectDefaultMetrics({ register: this.registry })
    new Gauge({
      name: 'logging_rows_dropped_total',
      help: 'Log and metric rows dropped because a queue was full or a write failed',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      collect() {
        for (const [queue, stats] of Object.entries(queues)) this.set({ queue }, stats.dropped)
      },
    })
    new Gauge({
      name: 'logging_rows_pending',
      help: 'Log and metric rows waiting to be written',
      labelNames: ['queue'] as const,
      registers: [this.registry],
      collect() {
        for (const [queue, stats] of Object.entries(queues)) this.set({ queue }, stats.pending)
      },
    })
  }

  /** Counts one finished request (a `core.requestEvents` listener). */
  observe = (event: RequestEvent): void => {
    this.#tallies.record(event.method, event.route, event.status, event.durationMs / 1000)
  }

  /** `GET /metrics` in the text exposition format; every other request passes through. */
  middleware(): MiddlewareHandler {
    return async (c, next) => {
      if (c.req.path !== '/metrics' || c.req.method !== 'GET') return next()
      return c.body(await this.registry.metrics(), 200, {
        'content-type': this.registry.contentType,
        'cache-control': 'no-store',
      })
    }
  }
}

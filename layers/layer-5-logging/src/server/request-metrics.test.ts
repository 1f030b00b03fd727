import type { RequestEvent } from '@stratum/layer-core/server'
import { describe, expect, it } from 'vitest'
import { BatchWriter } from './batch-writer.ts'
import { requestMetrics } from './request-metrics.ts'
import type { MetricRow } from './tables.ts'

const event = (path: string, route = path): RequestEvent => ({
  method: 'GET',
  route,
  path,
  status: 200,
  durationMs: 1.5,
  userId: undefined,
  tenantId: undefined,
  requestId: `r-${path}`,
  ip: '127.0.0.1',
  userAgent: 'probe',
  db: { queries: 0, durationMs: 0 },
  at: new Date('2026-12-03T00:00:00Z'),
})

describe('requestMetrics', () => {
  it('stores users’ requests, leaves health probes and scrapes out of the table, and counts all', async () => {
    const stored: MetricRow[] = []
    const writer = new BatchWriter<MetricRow>({
      flushMs: 1,
      write: async (rows) => void stored.push(...rows),
      onError: () => undefined,
    })
    const observed: string[] = []
    const listener = requestMetrics(writer, (e) => observed.push(e.path))
    for (const path of ['/health', '/health/ready', '/metrics', '/api/app/clients/42'])
      listener(event(path, path === '/api/app/clients/42' ? '/api/app/clients/:id' : path))
    await writer.flush()
    expect(stored).toEqual([
      expect.objectContaining({
        endpoint: '/api/app/clients/:id',
        request_id: 'r-/api/app/clients/42',
      }),
    ])
    expect(observed).toEqual(['/health', '/health/ready', '/metrics', '/api/app/clients/42'])
  })
})

import { createServer, type IncomingMessage } from 'node:http'
import type { AddressInfo } from 'node:net'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger, TEST_TARGETS } from '@stratum/host-backend/testing'
import { TENANCY_LAYERS } from '@stratum/layer-multitenant/testing'
import { GADGET_ENTRY, gadgetLayer } from '../../test/gadget-layer.ts'
import {
  auditRowsOf,
  body,
  createLoggingWorld,
  LOGGING_LAYERS,
  type World,
} from '../../test/logging-world.ts'
import { ErrorAlert } from './error-alert.ts'
import { applyRetention } from './retention.ts'

describe.each(TEST_TARGETS)('logging operations on %s', (target) => {
  let w: World

  beforeAll(async () => {
    w = await createLoggingWorld(target, {
      layersConfig: { layers: [...LOGGING_LAYERS.layers, GADGET_ENTRY] },
      extraLayers: [gadgetLayer],
    })
  })
  afterAll(() => w?.t.close())

  it("audits a new layer's tenant table without code in that layer, secrets left out", async () => {
    const created = await w.json('POST', '/api/gadgets', w.adminA, w.a.slug, { label: 'One' })
    expect(created.status).toBe(201)
    const { id } = await body<{ id: string }>(created)
    await w.json('PATCH', `/api/gadgets/${id}`, w.adminA, w.a.slug, { label: 'Two' })
    const rows = await auditRowsOf(w, id)
    expect(rows.map((r) => [r.resource_type, r.action])).toEqual([
      ['gadgets', 'insert'],
      ['gadgets', 'update'],
    ])
    expect(rows[0]?.new_values).toMatchObject({ label: 'One', tenant_id: w.a.id })
    expect(rows[1]).toMatchObject({
      changed_fields: ['label'],
      old_values: { label: 'One' },
      new_values: { label: 'Two' },
    })
    expect(JSON.stringify(rows)).not.toContain('tok-')
  })

  it('removes rows past their retention and keeps the rest', async () => {
    const db = w.t.host.platform.database
    await db.withMigrationLock(async (owner) => {
      await sql`insert into logs (level, message, source, timestamp) values
        ('WARN', 'ancient', 'server', now() - interval '40 days'),
        ('WARN', 'recent', 'server', now() - interval '1 day')`.execute(owner)
      await sql`insert into performance_metrics (method, endpoint, status_code, duration_ms, timestamp)
        values ('GET', '/old', 200, 1, now() - interval '20 days')`.execute(owner)
    })
    const removed = await applyRetention(db, {
      LOG_RETENTION_DAYS: 30,
      AUDIT_RETENTION_DAYS: 0,
      METRICS_RETENTION_DAYS: 14,
    })
    expect(removed).toMatchObject({ logs: 1, performance_metrics: 1 })
    expect(removed).not.toHaveProperty('audit_logs')
    const left = await db.withSettings({ 'app.logging_all': 'on' }, async (trx) => {
      const { rows } = await sql<{
        message: string
      }>`select message from logs where message in ('ancient', 'recent')`.execute(trx)
      return rows.map((r) => r.message)
    })
    expect(left).toEqual(['recent'])
  })

  it('serves Prometheus metrics on GET /metrics', async () => {
    await w.json('GET', '/api/app/clients?page=1', w.adminA, w.a.slug)
    await new Promise((resolve) => setTimeout(resolve, 50))
    const res = await w.t.request('/metrics')
    expect(res.status).toBe(200)
    const text = await res.text()
    expect(text).toMatch(
      /http_requests_total\{method="GET",route="\/api\/app\/clients",status="200"\} \d+/,
    )
    // The histogram's buckets are cumulative: +Inf holds every request, as _count does.
    const inf = text.match(
      /http_request_duration_seconds_bucket\{method="GET",route="\/api\/app\/clients",le="\+Inf"\} (\d+)/,
    )
    const count = text.match(
      /http_request_duration_seconds_count\{method="GET",route="\/api\/app\/clients"\} (\d+)/,
    )
    expect(Number(inf?.[1])).toBeGreaterThan(0)
    expect(inf?.[1]).toBe(count?.[1])
    expect(text).toMatch(/# TYPE http_request_duration_seconds histogram/)
    expect(text).toContain('logging_rows_dropped_total')
  })
})

describe('every layer without logging', () => {
  it('keeps the tenancy layers working and writes no audit table', async () => {
    const w = await createLoggingWorld('embedded', { layersConfig: TENANCY_LAYERS })
    try {
      const me = await w.json('GET', '/api/tenants/mine', w.adminA)
      expect(me.status).toBeLessThan(500)
      const { rows } = await sql<{
        n: number
      }>`select count(*)::int as n from pg_class where relname = 'audit_logs'`.execute(
        w.t.host.platform.database.db,
      )
      expect(rows[0]?.n).toBe(0)
      expect((await w.t.request('/metrics')).status).toBe(404)
    } finally {
      await w.t.close()
    }
  })
})

describe('error alert webhook', () => {
  it('posts once per window when errors pass the threshold', async () => {
    const received: unknown[] = []
    const server = createServer((req: IncomingMessage, res) => {
      let data = ''
      req.on('data', (chunk) => (data += chunk))
      req.on('end', () => {
        received.push(JSON.parse(data))
        res.end('ok')
      })
    })
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
    const { port } = server.address() as AddressInfo
    let now = 1_000_000
    const alert = new ErrorAlert({
      url: `http://127.0.0.1:${port}/hook`,
      threshold: 3,
      windowMs: 60_000,
      logger: captureLogger().logger,
      now: () => now,
    })
    try {
      alert.count(2)
      await alert.pending
      expect(received).toHaveLength(0)
      alert.count(1)
      alert.count(5)
      await alert.pending
      expect(received).toEqual([expect.objectContaining({ errors: 3, threshold: 3 })])
      now += 60_000
      alert.count(3)
      await alert.pending
      expect(received).toHaveLength(2)
    } finally {
      server.close()
    }
  })
})

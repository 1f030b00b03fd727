import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import type { AuditPage, LogPage, MetricSummary, Trace } from '../shared/index.ts'
import { body, createLoggingWorld, eventually, type World } from '../../test/logging-world.ts'

const ADMIN = '/api/admin/logging'

describe.each(TEST_TARGETS)('logging consoles on %s', (target) => {
  let w: World
  let clientA: string
  let clientB: string
  let editRequest: string
  const sessionId = `console-${target}-${Date.now()}`

  beforeAll(async () => {
    w = await createLoggingWorld(target)
    const a = await w.json('POST', '/api/app/clients', w.adminA, w.a.slug, { name: 'Iso A' })
    const b = await w.json('POST', '/api/app/clients', w.adminB, w.b.slug, { name: 'Iso B' })
    clientA = (await body<{ id: string }>(a)).id
    clientB = (await body<{ id: string }>(b)).id
    const edit = await w.json('PATCH', `/api/app/clients/${clientA}`, w.adminA, w.a.slug, {
      notes: 'traced',
    })
    editRequest = edit.headers.get('x-request-id')!
    const entries = Array.from({ length: 5 }, (_, i) => ({
      level: i === 0 ? 'ERROR' : 'WARN',
      message: `console entry ${i}`,
      timestamp: new Date().toISOString(),
      ...(i === 0 ? { requestId: editRequest } : {}),
    }))
    for (const [who, tenant] of [
      [w.userA, w.a.slug],
      [w.adminB, w.b.slug],
    ] as const) {
      const res = await w.t.request('/api/logs/batch', {
        method: 'POST',
        headers: who.headers(tenant, { 'content-type': 'application/json' }),
        body: JSON.stringify({ sessionId, entries }),
      })
      expect(res.status).toBe(202)
    }
    // Wait for the batched writers (logs and request metrics).
    await eventually(
      async () => body<LogPage>(await w.json('GET', `${ADMIN}/logs?q=console+entry`, w.superadmin)),
      (page) => page.items.length >= 10,
    )
  })
  afterAll(() => w?.t.close())

  it('lets a superadmin filter logs and page through them with a keyset cursor', async () => {
    const first = await body<LogPage>(
      await w.json('GET', `${ADMIN}/logs?q=console+entry&level=WARN&limit=3`, w.superadmin),
    )
    expect(first.items).toHaveLength(3)
    // The first page counts what matches; a continuation does not count again.
    expect([first.total, first.totalIsAtLeast]).toEqual([8, undefined])
    expect(first.items.every((i) => i.level === 'WARN' && i.source === 'browser')).toBe(true)
    const rest = await body<LogPage>(
      await w.json(
        'GET',
        `${ADMIN}/logs?q=console+entry&level=WARN&limit=50&cursor=${first.nextCursor}`,
        w.superadmin,
      ),
    )
    expect(rest.items).toHaveLength(5)
    expect(rest.nextCursor).toBeUndefined()
    expect(rest.total).toBeUndefined()
    const ids = [...first.items, ...rest.items].map((i) => Number(i.id))
    expect(new Set(ids).size).toBe(8)
    expect(ids).toEqual([...ids].sort((x, y) => y - x))
    const bad = await w.json('GET', `${ADMIN}/logs?cursor=bm90LWFuLWlk`, w.superadmin)
    expect([bad.status, (await body(bad)).code]).toEqual([400, 'INVALID_CURSOR'])
  })

  it("shows an account admin only their tenant's audit rows", async () => {
    const page = await body<AuditPage>(
      await w.json('GET', `${ADMIN}/audit?limit=200`, w.adminA, w.a.slug),
    )
    expect(page.items.length).toBeGreaterThan(0)
    expect(page.items.every((i) => i.tenantId === w.a.id)).toBe(true)
    expect(page.items.some((i) => i.resourceId === clientA)).toBe(true)
    // Naming the other tenant's filter or resource finds nothing: RLS, not the filter, decides.
    const other = await body<AuditPage>(
      await w.json('GET', `${ADMIN}/audit?tenantId=${w.b.id}`, w.adminA, w.a.slug),
    )
    expect(other.items).toEqual([])
    const history = await body<AuditPage>(
      await w.json('GET', `${ADMIN}/audit/resource/app_clients/${clientB}`, w.adminA, w.a.slug),
    )
    expect(history.items).toEqual([])
    // Entering tenant B is refused to A's admin.
    expect((await w.json('GET', `${ADMIN}/audit`, w.adminA, w.b.slug)).status).toBe(403)
  })

  it("lets the request role read only the tenant's logs and metrics in a tenant transaction", async () => {
    const db = w.t.host.platform.database
    const seen = (tenantId: string, table: 'logs' | 'performance_metrics') =>
      db.withSettings({ 'app.tenant_id': tenantId }, async (trx) => {
        const rows = await trx.selectFrom(table).select('tenant_id').execute()
        return new Set(rows.map((r: { tenant_id: string | null }) => r.tenant_id))
      })
    for (const table of ['logs', 'performance_metrics'] as const) {
      expect(await seen(w.a.id, table)).toEqual(new Set([w.a.id]))
      expect(await seen(w.b.id, table)).toEqual(new Set([w.b.id]))
    }
    // Without a tenant (and outside the superadmin scope) nothing at all.
    expect(await db.db.selectFrom('logs').selectAll().execute()).toEqual([])
    expect(await db.db.selectFrom('audit_logs').selectAll().execute()).toEqual([])
  })

  it('refuses logs and metrics to an account admin and audit to a viewer', async () => {
    const logs = await w.json('GET', `${ADMIN}/logs`, w.adminA, w.a.slug)
    expect([logs.status, (await body(logs)).code]).toEqual([403, 'PERMISSION_DENIED'])
    expect((await w.json('GET', `${ADMIN}/metrics/summary`, w.adminA, w.a.slug)).status).toBe(403)
    expect((await w.json('GET', `${ADMIN}/audit`, w.viewerA, w.a.slug)).status).toBe(403)
    expect((await w.t.request(`${ADMIN}/audit`)).status).toBe(401)
  })

  it("shows a resource's history and a user's activity", async () => {
    const history = await body<AuditPage>(
      await w.json('GET', `${ADMIN}/audit/resource/app_clients/${clientA}`, w.adminA, w.a.slug),
    )
    expect(history.items.map((i) => i.action)).toEqual(['update', 'insert'])
    expect(history.items[0]).toMatchObject({
      changedFields: expect.arrayContaining(['notes']),
      newValues: expect.objectContaining({ notes: 'traced' }),
      requestId: editRequest,
    })
    // Who and what in words: the actor's email, and the name the row change carries.
    expect(history.items.map((i) => i.actorEmail)).toEqual([w.adminA.email, w.adminA.email])
    expect(history.items[1]!.resourceName).toBe('Iso A')
    const activity = await body<AuditPage>(
      await w.json('GET', `${ADMIN}/audit/user/${w.adminB.userId}`, w.superadmin),
    )
    expect(activity.items.some((i) => i.resourceId === clientB)).toBe(true)
    expect(activity.items.every((i) => i.userId === w.adminB.userId)).toBe(true)
    expect(activity.items.every((i) => i.actorEmail === w.adminB.email)).toBe(true)
  })

  it('names a row about a user (a sign-in) by that user’s email', async () => {
    const page = await body<AuditPage>(
      await w.json(
        'GET',
        `${ADMIN}/audit?resourceType=user&resourceId=${w.adminB.userId}`,
        w.superadmin,
      ),
    )
    expect(page.items.length).toBeGreaterThan(0)
    expect(page.items.every((i) => i.resourceName === w.adminB.email)).toBe(true)
  })

  it("verifies the tenant's chain through the API", async () => {
    const res = await w.json('GET', `${ADMIN}/audit/verify`, w.adminA, w.a.slug)
    expect(await body(res)).toMatchObject({ ok: true, checked: expect.any(Number) })
  })

  it('summarises metrics per route with percentiles', async () => {
    const summary = await eventually(
      async () =>
        body<MetricSummary>(await w.json('GET', `${ADMIN}/metrics/summary`, w.superadmin)),
      (s) => s.routes.some((r) => r.endpoint === '/api/app/clients/:id'),
    )
    const route = summary.routes.find(
      (r) => r.endpoint === '/api/app/clients/:id' && r.method === 'PATCH',
    )
    expect(route).toMatchObject({ count: 1, errorRate: 0 })
    expect(route!.p50).toBeGreaterThan(0)
    expect(route!.p99).toBeGreaterThanOrEqual(route!.p95)
    expect(summary.series.length).toBeGreaterThan(0)
  })

  it("joins a request's logs, metrics and audit rows in its trace", async () => {
    const trace = await eventually(
      async () => body<Trace>(await w.json('GET', `${ADMIN}/trace/${editRequest}`, w.superadmin)),
      (t) => t.metrics.length > 0,
    )
    expect(trace.audit.map((a) => a.action)).toEqual(['update', 'authenticated.client.updated'])
    expect(trace.metrics[0]).toMatchObject({ method: 'PATCH', statusCode: 200 })
    expect(trace.logs.length).toBe(2)
  })
})

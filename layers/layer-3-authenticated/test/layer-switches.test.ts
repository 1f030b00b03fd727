import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  AUDIT_PROBE_ENTRY,
  captureLogger,
  createAuditProbe,
  switchableCache,
  TEST_TARGETS,
  type AuditProbe,
} from '@stratum/host-backend/testing'
import {
  coreMigrations,
  createRouter,
  defineServerLayer,
  LayerSwitches,
} from '@stratum/layer-core/server'
import { defineManifest } from '@stratum/layer-core/shared'
import { APP_LAYERS, body, createAppWorld, type World } from './app-harness.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** A layer that needs layer 3 and adds a header to tenant-scoped answers (`afterTenant`). */
const gadgetLayer = defineServerLayer({
  manifest: defineManifest({
    id: 'gadget',
    number: 92,
    priority: 100,
    dependsOn: ['core', 'authenticated'],
    version: '0.0.1',
  }),
  contributes: {
    'core.middleware': {
      stage: 'afterTenant',
      name: 'gadget-header',
      handler: async (c, next) => {
        await next()
        c.header('x-gadget', 'on')
      },
    },
  },
  init: () => {
    const adminRouter = createRouter()
    adminRouter.get('/ping', (c) => c.json({ ok: true }))
    return { adminRouter }
  },
})

const LAYERS = {
  layers: [...APP_LAYERS.layers, AUDIT_PROBE_ENTRY, { name: 'gadget', enabled: true }],
}

interface ErrorBody {
  code: string
  error: string
}
interface LayersBody {
  layers: Array<{ id: string; enabled: boolean }>
  tenantId: string | null
}

describe.each(TEST_TARGETS)('run-time layer switches on %s', (target) => {
  let w: World
  let probe: AuditProbe
  const admin = (method: string, path: string, payload?: unknown) =>
    w.json(method, `/api/admin/multitenant/layers${path}`, w.superadmin, undefined, payload)
  const forTenant = (layer: string, tenantId: string, enabled: boolean | null) =>
    admin('PUT', `/${layer}/tenants/${tenantId}`, { enabled })
  const enabledIn = (res: LayersBody, id: string) => res.layers.find((l) => l.id === id)?.enabled

  beforeAll(async () => {
    probe = createAuditProbe()
    w = await createAppWorld(target, {
      layersConfig: LAYERS,
      extraLayers: [probe.layer, gadgetLayer],
    })
    // Something to read in each tenant.
    await w.json('POST', '/api/app/clients', w.adminA, w.a.slug, { name: 'Secret of A' })
    await w.json('POST', '/api/app/clients', w.adminB, w.b.slug, { name: 'Client of B' })
  })
  afterAll(() => w?.t.close())

  it('answers 404 LAYER_DISABLED with no data in the tenant where the layer is off, and serves the other', async () => {
    expect((await forTenant('gadget', w.a.id, false)).status).toBe(200)
    const switched = await forTenant('authenticated', w.a.id, false)
    expect(switched.status).toBe(200)
    expect(await body(switched)).toMatchObject({
      id: 'authenticated',
      enabled: true,
      tenants: [{ tenantId: w.a.id, slug: w.a.slug, name: 'Tenant A', enabled: false }],
    })
    try {
      for (const who of [w.adminA, w.superadmin]) {
        const res = await w.json('GET', '/api/app/clients?page=1', who, w.a.slug)
        const text = await res.text()
        expect(res.status).toBe(404)
        expect(JSON.parse(text)).toMatchObject({
          code: 'LAYER_DISABLED',
          error: "The feature 'Authenticated' is switched off.",
        })
        expect(Object.keys(JSON.parse(text)).sort()).toEqual([
          'code',
          'error',
          'requestId',
          'timestamp',
        ])
        expect(text).not.toContain('Secret of A')
      }
      const inB = await w.json('GET', '/api/app/clients?page=1', w.adminB, w.b.slug)
      expect(inB.status).toBe(200)
      expect(await inB.text()).toContain('Client of B')

      // A's role no longer grants layer 3's permissions; B's still does.
      const current = async (who: typeof w.adminA, tenant: string) =>
        (
          await body<{ permissions: string[] }>(
            await w.json('GET', '/api/tenants/current', who, tenant),
          )
        ).permissions
      const inA = await current(w.adminA, w.a.slug)
      expect(inA.some((p) => p.startsWith('client.') || p.startsWith('project.'))).toBe(false)
      expect(inA).toContain('user.*')
      expect(await current(w.adminB, w.b.slug)).toEqual(expect.arrayContaining(['client.*']))
    } finally {
      expect((await forTenant('authenticated', w.a.id, null)).status).toBe(200)
      expect((await forTenant('gadget', w.a.id, null)).status).toBe(200)
    }
    expect((await w.json('GET', '/api/app/clients?page=1', w.adminA, w.a.slug)).status).toBe(200)
  })

  it("skips a switched-off layer's audit sink, request listener and afterTenant middleware for that tenant only", async () => {
    expect((await forTenant('gadget', w.a.id, false)).status).toBe(200)
    expect((await forTenant('audit-probe', w.a.id, false)).status).toBe(200)
    try {
      probe.records.length = 0
      probe.events.length = 0
      const role = { key: `probe-${Date.now()}`, name: 'Probe role', permissions: ['user.view'] }
      const inA = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, role)
      const inB = await w.json('POST', '/api/tenants/roles', w.adminB, w.b.slug, role)
      expect([inA.status, inB.status]).toEqual([201, 201])
      expect(inA.headers.get('x-gadget')).toBeNull()
      expect(inB.headers.get('x-gadget')).toBe('on')
      await sleep(20) // request events arrive a few milliseconds after the response
      const roleRecords = probe.records.filter((r) => r.action === 'multitenant.role.created')
      expect(roleRecords.map((r) => r.tenantId)).toEqual([w.b.id])
      const roleEvents = probe.events.filter((e) => e.path === '/api/tenants/roles')
      expect(roleEvents.map((e) => e.tenantId)).toEqual([w.b.id])
    } finally {
      await forTenant('audit-probe', w.a.id, null)
      await forTenant('gadget', w.a.id, null)
    }
  })

  it('audits every switch with the layer, scope, before and after', async () => {
    probe.records.length = 0
    expect((await forTenant('gadget', w.b.id, false)).status).toBe(200)
    expect((await forTenant('gadget', w.b.id, null)).status).toBe(200)
    expect(probe.records).toMatchObject([
      {
        action: 'core.layer.switched',
        actorId: w.superadmin.userId,
        tenantId: w.b.id,
        target: { type: 'layer', id: 'gadget' },
        before: { scope: 'tenant', enabled: true },
        after: { scope: 'tenant', enabled: false },
        inTransaction: true,
      },
      { before: { enabled: false }, after: { enabled: true } },
    ])
  })

  it('refuses switches the registry refuses, with its sentence', async () => {
    const refusal = async (res: Response) => [res.status, (await body<ErrorBody>(res)).error]
    expect(await refusal(await forTenant('authenticated', w.a.id, false))).toEqual([
      409,
      `Layer 'authenticated' is needed by 'gadget', which is on for tenant ${w.a.slug}.`,
    ])
    expect((await forTenant('gadget', w.a.id, false)).status).toBe(200)
    expect((await forTenant('authenticated', w.a.id, false)).status).toBe(200)
    expect(await refusal(await forTenant('gadget', w.a.id, true))).toEqual([
      409,
      `Layer 'gadget' needs 'authenticated', which is off for tenant ${w.a.slug}.`,
    ])
    // Globally: gadget follows the global state in B, so layer 3 may not go off there either.
    expect(await refusal(await admin('PUT', '/authenticated', { enabled: false }))).toEqual([
      409,
      "Layer 'authenticated' is needed by 'gadget', which is on.",
    ])
    expect((await forTenant('authenticated', w.a.id, null)).status).toBe(200)
    expect((await forTenant('gadget', w.a.id, null)).status).toBe(200)

    const refused = await admin('PUT', '/auth', { enabled: false })
    expect(refused.status).toBe(409)
    expect(await body(refused)).toMatchObject({
      code: 'LAYER_SWITCH_REFUSED',
      error: "Layer 'auth' is part of the platform and cannot be switched off at run time.",
    })
    expect(await refusal(await forTenant('multitenant', w.a.id, false))).toEqual([
      409,
      "Layer 'multitenant' is part of the platform and cannot be switched per tenant.",
    ])
    const unknown = await admin('PUT', '/billing', { enabled: false })
    expect([unknown.status, (await body<ErrorBody>(unknown)).code]).toEqual([404, 'NOT_FOUND'])
    const nowhere = await forTenant('gadget', crypto.randomUUID(), false)
    expect([nowhere.status, (await body<ErrorBody>(nowhere)).code]).toEqual([404, 'NOT_FOUND'])
    const bad = await admin('PUT', '/gadget', { enabled: 'no' })
    expect([bad.status, (await body<ErrorBody>(bad)).code]).toEqual([400, 'VALIDATION_FAILED'])
    const notSuper = await w.json(
      'PUT',
      '/api/admin/multitenant/layers/gadget',
      w.adminA,
      undefined,
      {
        enabled: false,
      },
    )
    expect([notSuper.status, (await body<ErrorBody>(notSuper)).code]).toEqual([403, 'FORBIDDEN'])
    // Nothing of the refused switches was written.
    const listed = await body<{ layers: Array<{ id: string; enabled: boolean; tenants: [] }> }>(
      await admin('GET', ''),
    )
    for (const layer of listed.layers)
      expect([layer.id, layer.enabled, layer.tenants]).toEqual([layer.id, true, []])
  })

  it('lists every installed layer for the System console, with its migration state', async () => {
    const listed = await body<{ layers: Array<Record<string, unknown>> }>(await admin('GET', ''))
    expect(listed.layers.map((l) => l.id)).toEqual(w.t.host.layers.map((l) => l.id))
    expect(listed.layers.find((l) => l.id === 'core')).toMatchObject({
      platform: true,
      perTenant: false,
      prefix: null,
      migrations: { pending: 0, last: Object.keys(coreMigrations).at(-1) },
    })
    expect(listed.layers.find((l) => l.id === 'gadget')).toMatchObject({
      number: 92,
      dependsOn: ['core', 'authenticated'],
      optionalDependsOn: [],
      platform: false,
      perTenant: true,
      migrations: { applied: 0, pending: 0, last: null },
      tenantAdminsMaySwitch: false,
    })
  })

  it('switches a layer off for everyone, before authentication, and back on', async () => {
    expect((await admin('PUT', '/gadget', { enabled: false })).status).toBe(200)
    expect((await admin('PUT', '/authenticated', { enabled: false })).status).toBe(200)
    try {
      for (const who of [w.adminA, w.adminB]) {
        const res = await w.json('GET', '/api/app/clients?page=1', who, w.a.slug)
        expect([res.status, (await body<ErrorBody>(res)).code]).toEqual([404, 'LAYER_DISABLED'])
      }
      const anonymous = await w.t.request('/api/app/clients?page=1')
      expect([anonymous.status, (await body<ErrorBody>(anonymous)).code]).toEqual([
        404,
        'LAYER_DISABLED',
      ])
      const adminPing = await w.json('GET', '/api/admin/gadget/ping', w.superadmin)
      expect([adminPing.status, (await body<ErrorBody>(adminPing)).code]).toEqual([
        404,
        'LAYER_DISABLED',
      ])
      const global = await body<LayersBody>(await w.t.request('/api/core/layers'))
      expect([enabledIn(global, 'authenticated'), global.tenantId]).toEqual([false, null])
    } finally {
      expect((await admin('PUT', '/authenticated', { enabled: true })).status).toBe(200)
      expect((await admin('PUT', '/gadget', { enabled: true })).status).toBe(200)
    }
    expect((await w.json('GET', '/api/app/clients?page=1', w.adminB, w.b.slug)).status).toBe(200)
    expect((await w.json('GET', '/api/admin/gadget/ping', w.superadmin)).status).toBe(200)
  })

  it('answers /api/core/layers for the tenant to its members only', async () => {
    await forTenant('gadget', w.a.id, false)
    try {
      const get = async (who?: typeof w.adminA, tenant?: string) =>
        body<LayersBody>(
          who
            ? await w.json('GET', '/api/core/layers', who, tenant)
            : await w.t.request('/api/core/layers', { headers: { 'x-tenant-id': tenant ?? '' } }),
        )
      const member = await get(w.adminA, w.a.slug)
      expect([member.tenantId, enabledIn(member, 'gadget'), enabledIn(member, 'auth')]).toEqual([
        w.a.id,
        false,
        true,
      ])
      expect(member.layers.map((l) => l.id)).toEqual(w.t.host.layers.map((l) => l.id))
      const superadmin = await get(w.superadmin, w.a.slug)
      expect([superadmin.tenantId, enabledIn(superadmin, 'gadget')]).toEqual([w.a.id, false])
      // A member of B naming A, and someone not signed in, learn the global state only.
      for (const stranger of [await get(w.adminB, w.a.slug), await get(undefined, w.a.slug)])
        expect([stranger.tenantId, enabledIn(stranger, 'gadget')]).toEqual([null, true])
      const other = await get(w.adminB, w.b.slug)
      expect([other.tenantId, enabledIn(other, 'gadget')]).toEqual([w.b.id, true])
    } finally {
      await forTenant('gadget', w.a.id, null)
    }
  })

  it('lets a tenant admin switch a layer only where the superadmin allows it', async () => {
    const put = (who: typeof w.adminA, layer: string, enabled: boolean) =>
      w.json('PUT', `/api/tenants/layers/${layer}`, who, w.a.slug, { enabled })
    const notAllowed = await put(w.adminA, 'gadget', false)
    expect([notAllowed.status, (await body<ErrorBody>(notAllowed)).code]).toEqual([
      403,
      'FORBIDDEN',
    ])
    expect(
      await admin('PUT', '/gadget', { enabled: true, tenantAdminsMaySwitch: true }),
    ).toHaveProperty('status', 200)
    try {
      const listed = await body<{ layers: Array<{ id: string; switchable: boolean }> }>(
        await w.json('GET', '/api/tenants/layers', w.adminA, w.a.slug),
      )
      expect(listed.layers.filter((l) => l.switchable).map((l) => l.id)).toEqual(['gadget'])
      const byViewer = await put(w.viewerA, 'gadget', false)
      expect(byViewer.status).toBe(403)
      const switched = await put(w.adminA, 'gadget', false)
      expect(switched.status).toBe(200)
      expect(enabledIn(await body<LayersBody>(switched), 'gadget')).toBe(false)
      // B is untouched, and A's switch shows in the console.
      const inB = await body<LayersBody>(
        await w.json('GET', '/api/tenants/layers', w.adminB, w.b.slug),
      )
      expect(enabledIn(inB, 'gadget')).toBe(true)
      const platform = await put(w.adminA, 'auth', false)
      expect([platform.status, (await body<ErrorBody>(platform)).code]).toEqual([
        409,
        'LAYER_SWITCH_REFUSED',
      ])
      expect((await put(w.adminA, 'gadget', true)).status).toBe(200)
    } finally {
      await forTenant('gadget', w.a.id, null)
      await admin('PUT', '/gadget', { enabled: true, tenantAdminsMaySwitch: false })
    }
  })

  it("keeps each tenant's switches to itself in PostgreSQL (row-level security)", async () => {
    const { database } = w.t.host.platform
    expect((await forTenant('gadget', w.b.id, false)).status).toBe(200)
    try {
      // As tenant A, with the role requests use: the global rows and A's own, never B's.
      const seen = await database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
        trx.selectFrom('core_layer_switches').select(['layer_id', 'tenant_id']).execute(),
      )
      expect(seen.filter((r) => r.tenant_id === w.b.id)).toEqual([])
      const writes = [
        // B's row: invisible, so neither changed nor removed.
        async () =>
          (
            await database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
              trx
                .updateTable('core_layer_switches')
                .set({ enabled: true })
                .where('tenant_id', '=', w.b.id)
                .executeTakeFirst(),
            )
          ).numUpdatedRows,
        async () =>
          (
            await database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
              trx
                .deleteFrom('core_layer_switches')
                .where('tenant_id', '=', w.b.id)
                .executeTakeFirst(),
            )
          ).numDeletedRows,
      ]
      for (const write of writes) expect(await write()).toBe(0n)
      // Rows for B, or global rows, written as A, or outside any scope: refused by the policy.
      for (const [settings, tenantId] of [
        [{ 'app.tenant_id': w.a.id }, w.b.id],
        [{ 'app.tenant_id': w.a.id }, null],
        [{}, w.a.id],
      ] as const)
        await expect(
          database.withSettings(settings, (trx) =>
            trx
              .insertInto('core_layer_switches')
              .values({ layer_id: 'authenticated', tenant_id: tenantId, enabled: false })
              .execute(),
          ),
        ).rejects.toThrow(/row-level security/)
      // B's switch is still there and still in force.
      const inB = await body<LayersBody>(
        await w.json('GET', '/api/tenants/layers', w.adminB, w.b.slug),
      )
      expect(enabledIn(inB, 'gadget')).toBe(false)
    } finally {
      expect((await forTenant('gadget', w.b.id, null)).status).toBe(200)
    }
  })

  it('ignores the switches of a deleted tenant', async () => {
    const created = await w.json(
      'POST',
      '/api/admin/multitenant/tenants',
      w.superadmin,
      undefined,
      {
        name: 'Tenant C',
        slug: `c-${Date.now()}`,
      },
    )
    const c = await body<{ id: string }>(created)
    // C keeps gadget on whatever the global state: it would need layer 3 on, while C exists.
    expect((await admin('PUT', '/gadget', { enabled: false })).status).toBe(200)
    expect((await forTenant('gadget', c.id, true)).status).toBe(200)
    const refused = await admin('PUT', '/authenticated', { enabled: false })
    expect((await body<ErrorBody>(refused)).error).toMatch(
      /needed by 'gadget', which is on for tenant c-/,
    )
    expect(
      (await w.json('DELETE', `/api/admin/multitenant/tenants/${c.id}`, w.superadmin)).status,
    ).toBe(204)
    try {
      const listed = await body<{ layers: Array<{ id: string; tenants: unknown[] }> }>(
        await admin('GET', ''),
      )
      expect(listed.layers.find((l) => l.id === 'gadget')?.tenants).toEqual([])
      expect((await admin('PUT', '/authenticated', { enabled: false })).status).toBe(200)
    } finally {
      expect((await admin('PUT', '/authenticated', { enabled: true })).status).toBe(200)
      expect((await admin('PUT', '/gadget', { enabled: true })).status).toBe(200)
    }
  })

  it('reaches another replica within a second, and a replica whose cache is down keeps its state', async () => {
    const { database, cache } = w.t.host.platform
    const replica = new LayerSwitches({
      layers: w.t.host.layers,
      database,
      cache,
      logger: captureLogger().logger,
    })
    const cut = switchableCache()
    const isolated = new LayerSwitches({
      layers: w.t.host.layers,
      database,
      cache: cut.cache,
      logger: captureLogger().logger,
      maxAgeMs: 1500,
    })
    await replica.start()
    await isolated.start()
    try {
      expect(replica.isOn('gadget', w.a.id)).toBe(true)
      cut.state.down = true
      const switchedAt = Date.now()
      expect((await forTenant('gadget', w.a.id, false)).status).toBe(200)
      while (replica.isOn('gadget', w.a.id) && Date.now() - switchedAt < 2000) await sleep(25)
      expect(replica.isOn('gadget', w.a.id)).toBe(false)
      // The version is compared once per second: the change arrives within that and one read.
      expect(Date.now() - switchedAt).toBeLessThan(1200)
      expect(replica.isOn('gadget', w.b.id)).toBe(true)

      // No cache: the old state, without an error or a wait, until the state is read again.
      const started = performance.now()
      await isolated.refresh()
      expect(performance.now() - started).toBeLessThan(100)
      expect(isolated.isOn('gadget', w.a.id)).toBe(true)
      await sleep(1600)
      await isolated.refresh()
      expect(isolated.isOn('gadget', w.a.id)).toBe(false)
    } finally {
      replica.close()
      isolated.close()
      await forTenant('gadget', w.a.id, null)
    }
  })
})

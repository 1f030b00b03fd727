import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { sql } from 'kysely'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import { createWorld, type World } from '@stratum/layer-multitenant/testing'
import { createProbeLayer, PROBE_ENTRY, type ProbeState } from './probe-layer.ts'
import { countWireQueries } from './wire-queries.ts'

/** Layers 0–3 exactly as `layers.config.ts` enables them. */
const APP_LAYERS = [
  { name: 'core', enabled: true, priority: 0 },
  { name: 'auth', enabled: true, prefix: '/api/auth' },
  { name: 'multitenant', enabled: true, prefix: '/api/tenants' },
  { name: 'authenticated', enabled: true, prefix: '/api/app' },
]

const json = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T
/** Request events are delivered after the response is written: one loop turn later. */
// Request events are delivered in batches a few milliseconds after the response.
const settle = () => new Promise((resolve) => setTimeout(resolve, 20))

interface Mine {
  memberships: Array<{ tenant: { id: string }; permissions: string[] }>
}
const permissionsIn = (mine: Mine, tenantId: string) =>
  mine.memberships.find((m) => m.tenant.id === tenantId)?.permissions

describe.each(TEST_TARGETS)(
  'layer contract v2: a fixture layer contributes to every point (%s)',
  (target) => {
    let world: World
    let probe: ProbeState

    beforeAll(async () => {
      const { layer, state } = createProbeLayer()
      probe = state
      world = await createWorld(target, {
        layersConfig: { layers: [...APP_LAYERS, PROBE_ENTRY] },
        extraLayers: [layer],
      })
    })
    afterAll(() => world?.t.close())

    it('core.middleware: beforeAuth sees every request, afterTenant runs inside the tenant transaction', async () => {
      const health = await world.t.request('/health')
      expect(health.headers.get('x-probe-before-auth')).toBe('seen')
      const denied = await world.t.request('/api/app/clients')
      expect(denied.status).toBe(401)
      expect(denied.headers.get('x-probe-before-auth')).toBe('seen')

      const stage = await world.json('GET', '/api/probe/stage', world.adminA, world.a.slug)
      expect(stage.status).toBe(200)
      expect(await json(stage)).toEqual({ seen: `${world.a.id}:tx` })
    })

    it('core.messages: an added locale is live, and the SPA can fetch the overrides', async () => {
      const layers = await json<{ locales: Array<{ code: string }>; features: string[] }>(
        await world.t.request('/api/core/layers'),
      )
      expect(layers.locales.map((l) => l.code)).toEqual(['pt-BR', 'en-US', 'es-ES', 'fr-FR'])
      expect(layers.features).toContain('message-overrides')

      const fr = await world.t.request('/api/core/messages/fr-FR')
      expect(fr.status).toBe(200)
      const body = await json<{ messages: { core: { nav: { home: string } } } }>(fr)
      expect(body.messages.core.nav.home).toBe('Accueil')

      const unknown = await world.t.request('/api/core/messages/de-DE')
      expect(unknown.status).toBe(404)
      expect((await json(unknown)).code).toBe('NOT_FOUND')
      const invalid = await world.t.request('/api/core/messages/not%20a%20locale')
      expect(invalid.status).toBe(400)
      expect((await json(invalid)).code).toBe('VALIDATION_FAILED')
    })

    it('core.messages: a sign-in mail in the added locale uses its override and en-US for the rest', async () => {
      const email = `fr-${Date.now()}@example.test`
      const res = await world.t.request('/api/auth/request-otp', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ email, locale: 'fr-FR' }),
      })
      expect(res.status).toBe(202)
      await world.t.host.platform.jobs.whenIdle()
      const mail = world.t.host.platform.mail.mailbox?.list().find((m) => m.to === email)
      expect(mail?.subject).toMatch(/^Votre code de connexion /)
      // Keys the source does not override fall back to en-US, key by key.
      expect(mail?.text).toContain('Use this code to sign in to')
    })

    it('multitenant.permissions: the contributed permission reaches the system roles it names, and only those', async () => {
      for (const who of [world.viewerA, world.adminA]) {
        const mine = await json<Mine>(await world.json('GET', '/api/tenants/mine', who))
        expect(permissionsIn(mine, world.a.id)).toContain('probe.inspect')
      }
      const user = await json<Mine>(await world.json('GET', '/api/tenants/mine', world.userA))
      expect(permissionsIn(user, world.a.id)).not.toContain('probe.inspect')
    })

    it('core.audit: the sink writes in the request transaction; a failed request leaves neither row', async () => {
      const db = world.t.host.platform.database
      const count = async (table: 'probe_notes' | 'probe_audit') =>
        db.withSettings({ 'app.tenant_id': world.a.id }, async (trx) => {
          const { rows } = await sql<{
            n: number
          }>`select count(*)::int as n from ${sql.table(table)}`.execute(trx)
          return rows[0]!.n
        })
      const notesBefore = await count('probe_notes')
      const auditBefore = await count('probe_audit')

      const failed = await world.json('POST', '/api/probe/notes', world.adminA, world.a.slug, {
        text: 'refused',
        fail: true,
      })
      expect(failed.status).toBe(422)
      expect(probe.sunk.at(-1)?.inTransaction).toBe(true)
      expect(await count('probe_notes')).toBe(notesBefore)
      expect(await count('probe_audit')).toBe(auditBefore)

      const ok = await world.json('POST', '/api/probe/notes', world.adminA, world.a.slug, {
        text: 'kept',
        fail: false,
      })
      expect(ok.status).toBe(201)
      expect(await count('probe_notes')).toBe(notesBefore + 1)
      const { rows } = await sql<{
        action: string
        actor_id: string
        tenant_id: string
        after: { text: string }
        request_id: string
        ip: string
      }>`select action, actor_id, tenant_id, after, request_id, ip from probe_audit order by id desc limit 1`.execute(
        db.db,
      )
      expect(rows[0]).toMatchObject({
        action: 'probe.note.created',
        actor_id: world.adminA.userId,
        tenant_id: world.a.id,
        after: { text: 'kept' },
        request_id: ok.headers.get('x-request-id'),
        ip: '127.0.0.1',
      })
    })

    it('core.audit: a change made by layer 3 reaches the sink with before and after values', async () => {
      const created = await world.json('POST', '/api/app/clients', world.adminA, world.a.slug, {
        name: 'Before Co',
      })
      expect(created.status).toBe(201)
      const { id } = await json<{ id: string }>(created)
      const updated = await world.json(
        'PATCH',
        `/api/app/clients/${id}`,
        world.adminA,
        world.a.slug,
        { name: 'After Co' },
      )
      expect(updated.status).toBe(200)
      const record = probe.sunk
        .map((s) => s.record)
        .find((r) => r.target?.id === id && r.before !== undefined)
      expect(record?.before).toMatchObject({ name: 'Before Co' })
      expect(record?.after).toMatchObject({ name: 'After Co' })
      expect(record?.tenantId).toBe(world.a.id)
      expect(record?.actorId).toBe(world.adminA.userId)
    })

    it('core.requestEvents: route pattern, status, user, tenant, and the query count the route really ran', async () => {
      const db = world.t.host.platform.database
      const wire = countWireQueries(db)
      const list = await world.json('GET', '/api/app/clients?page=1', world.adminA, world.a.slug)
      await settle()
      wire.stop()
      expect(list.status).toBe(200)
      const event = probe.events.find((e) => e.requestId === list.headers.get('x-request-id'))
      expect(event).toMatchObject({
        method: 'GET',
        route: '/api/app/clients',
        path: '/api/app/clients',
        status: 200,
        userId: world.adminA.userId,
        tenantId: world.a.id,
      })
      expect(event!.db.queries).toBeGreaterThanOrEqual(3)
      expect(event!.db.queries).toBe(wire.count)

      const plain = await world.t.request('/api/probe/queries?n=3')
      await settle()
      const plainEvent = probe.events.find((e) => e.requestId === plain.headers.get('x-request-id'))
      expect(plainEvent).toMatchObject({
        route: '/api/probe/queries',
        status: 200,
        userId: undefined,
        tenantId: undefined,
      })
      expect(plainEvent!.db.queries).toBe(3)

      const missing = await world.json(
        'GET',
        '/api/app/clients/00000000-0000-4000-8000-000000000000',
        world.adminA,
        world.a.slug,
      )
      await settle()
      const missingEvent = probe.events.find(
        (e) => e.requestId === missing.headers.get('x-request-id'),
      )
      expect(missingEvent).toMatchObject({ route: '/api/app/clients/:id', status: 404 })
    })
  },
)

describe('layer contract v2: with the fixture disabled, everything behaves as before', () => {
  let world: World
  let probe: ProbeState

  beforeAll(async () => {
    const { layer, state } = createProbeLayer()
    probe = state
    world = await createWorld('embedded', {
      layersConfig: { layers: [...APP_LAYERS, { ...PROBE_ENTRY, enabled: false }] },
      extraLayers: [layer],
    })
  })
  afterAll(() => world?.t.close())

  it('adds no locale, no header, no permission and records nothing', async () => {
    const layers = await json<{ locales: Array<{ code: string }>; features: string[] }>(
      await world.t.request('/api/core/layers'),
    )
    expect(layers.locales.map((l) => l.code)).toEqual(['pt-BR', 'en-US', 'es-ES'])
    expect(layers.features).not.toContain('message-overrides')
    expect((await world.t.request('/api/core/messages/fr-FR')).status).toBe(404)
    const health = await world.t.request('/health')
    expect(health.headers.get('x-probe-before-auth')).toBeNull()
    const mine = await json<Mine>(await world.json('GET', '/api/tenants/mine', world.viewerA))
    expect(permissionsIn(mine, world.a.id)).not.toContain('probe.inspect')
    const created = await world.json('POST', '/api/app/clients', world.adminA, world.a.slug, {
      name: 'Quiet Co',
    })
    expect(created.status).toBe(201)
    await settle()
    expect(probe.events).toEqual([])
    expect(probe.sunk).toEqual([])
  })
})

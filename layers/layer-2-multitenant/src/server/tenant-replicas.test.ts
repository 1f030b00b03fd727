import { Hono } from 'hono'
import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  captureLogger,
  signIn,
  switchableCache,
  TEST_TARGETS,
  type SignedIn,
} from '@stratum/host-backend/testing'
import { createWorld, uniqueEmail, type World } from '../../test/tenancy-harness.ts'
import { TenantDb } from './tenant-context.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))
const code = async (res: Response) => ((await res.json()) as { code: string }).code

/**
 * The host is one replica; `replica()` builds another: its own TenantDb (its own memory) on the
 * same database and shared cache, as a second process would have. Who calls is named by a header:
 * authentication is not what these tests are about.
 */
describe.each(TEST_TARGETS)('tenant lookups on two replicas (%s)', (target) => {
  let w: World
  const shared = switchableCache()
  beforeAll(async () => {
    w = await createWorld(target, { cache: shared.cache })
  })
  afterAll(() => w?.t.close())

  const replica = (freshMs: number) => {
    const tenantDb = new TenantDb({
      database: w.t.host.platform.database,
      cache: shared.cache,
      logger: captureLogger().logger,
      freshMs,
      currentUser: (c) => c.get('authUser'),
      requireAuth: async (c, next) => {
        c.set('authUser', {
          id: c.req.header('x-user')!,
          email: 'x@example.test',
          isSuperadmin: false,
        })
        await next()
      },
    })
    const app = new Hono()
      .use(async (c, next) => {
        // What core's request context sets on every request.
        const requestId = c.req.header('x-request-id')
        if (requestId) c.set('requestId', requestId)
        c.set('clientIp', "192.0.2.7'; --")
        await next()
      })
      .get('/current', tenantDb.scope, (c) => {
        const { tenant, role } = tenantDb.context(c)
        return c.json({ name: tenant.name, role: role.key })
      })
      .get('/settings', tenantDb.scope, async (c) => {
        const { rows } = await sql<Record<string, string | null>>`select
            current_setting('app.tenant_id', true) as tenant_id,
            current_setting('app.user_id', true) as user_id,
            nullif(current_setting('app.request_id', true), '') as request_id,
            current_setting('app.ip', true) as ip`.execute(tenantDb.db(c))
        return c.json(rows[0])
      })
    app.onError((error, c) =>
      c.json({ code: (error as { code?: string }).code ?? 'UNEXPECTED' }, 403),
    )
    return async (who: SignedIn, path = '/current', headers: Record<string, string> = {}) =>
      app.request(path, {
        headers: { 'x-user': who.userId, 'x-tenant-id': w.a.slug, ...headers },
      })
  }
  const roleOn = async (get: ReturnType<typeof replica>, who: SignedIn) => {
    const res = await get(who)
    return res.status === 200 ? ((await res.json()) as { role: string }).role : await code(res)
  }
  const hostRole = async (who: SignedIn) =>
    (
      (await (await w.json('GET', '/api/tenants/current', who, w.a.slug)).json()) as {
        role: { key: string }
      }
    ).role.key

  it('sets the tenant, user, request id and client address in the request transaction', async () => {
    const get = replica(60_000)
    const res = await get(w.userA, '/settings', { 'x-request-id': 'req-42' })
    expect(await res.json()).toEqual({
      tenant_id: w.a.id,
      user_id: w.userA.userId,
      request_id: 'req-42',
      ip: "192.0.2.7'; --",
    })
    // Without a request id the setting stays unset.
    expect(
      ((await (await get(w.userA, '/settings')).json()) as { request_id: unknown }).request_id,
    ).toBeNull()
  })

  it('answers from memory while the generation is fresh: no cache round trip', async () => {
    const get = replica(60_000)
    // The first lookup of a slug learns its tenant; the second checks the row under its generation.
    expect(await roleOn(get, w.viewerA)).toBe('viewer')
    expect(await roleOn(get, w.viewerA)).toBe('viewer')
    const before = shared.state.calls
    for (let i = 0; i < 10; i++) expect(await roleOn(get, w.viewerA)).toBe('viewer')
    expect(shared.state.calls - before).toBe(0)
  })

  it('sees role changes and removals made on another replica within freshMs', async () => {
    const member = await signIn(w.t, uniqueEmail('moved'))
    await w.addTo(w.a, member, 'viewer')
    const get = replica(150)
    expect(await roleOn(get, member)).toBe('viewer')
    const roles = (
      (await (await w.json('GET', '/api/tenants/roles', w.adminA, w.a.slug)).json()) as {
        roles: Array<{ id: string; key: string }>
      }
    ).roles
    const user = roles.find((r) => r.key === 'user')!
    const changed = await w.json(
      'PATCH',
      `/api/tenants/members/${member.userId}`,
      w.adminA,
      w.a.slug,
      {
        roleId: user.id,
      },
    )
    expect(changed.status).toBe(200)
    // The replica that made the change knows at once; the other within its freshness.
    expect(await hostRole(member)).toBe('user')
    await sleep(200)
    expect(await roleOn(get, member)).toBe('user')

    const removed = await w.json(
      'DELETE',
      `/api/tenants/members/${member.userId}`,
      w.adminA,
      w.a.slug,
    )
    expect(removed.status).toBe(204)
    await sleep(200)
    expect(await roleOn(get, member)).toBe('TENANT_ACCESS_DENIED')
  })

  it('sees a tenant deactivated on another replica within freshMs', async () => {
    const get = replica(150)
    expect(await roleOn(get, w.adminA)).toBe('account_admin')
    const off = await w.json(
      'POST',
      `/api/admin/multitenant/tenants/${w.a.id}/deactivate`,
      w.superadmin,
    )
    expect(off.status).toBe(200)
    await sleep(200)
    expect(await roleOn(get, w.adminA)).toBe('TENANT_INACTIVE')
    const on = await w.json(
      'POST',
      `/api/admin/multitenant/tenants/${w.a.id}/activate`,
      w.superadmin,
    )
    expect(on.status).toBe(200)
    await sleep(200)
    expect(await roleOn(get, w.adminA)).toBe('account_admin')
  })

  it('reads the database while the cache is down, and keeps nothing it cannot check', async () => {
    const get = replica(60_000)
    expect(await roleOn(get, w.userA)).toBe('user')
    // The generation this replica holds is fresh for a minute: it answers without the cache.
    shared.state.down = true
    try {
      expect(await roleOn(get, w.userA)).toBe('user')
      // A fresh replica has nothing it can check: the database answers.
      const cold = replica(60_000)
      expect(await roleOn(cold, w.userA)).toBe('user')
    } finally {
      shared.state.down = false
    }
  })
})

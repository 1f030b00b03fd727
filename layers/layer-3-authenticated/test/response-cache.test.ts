import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import {
  captureLogger,
  createPostgresDatabase,
  createTestHost,
  TEST_TARGETS,
  type SignedIn,
  type TestHost,
} from '@stratum/host-backend/testing'
import { defineServerLayer, type RequestEvent } from '@stratum/layer-core/server'
import { defineManifest } from '@stratum/layer-core/shared'
import { APP_LAYERS, body, createAppWorld, type World } from './app-harness.ts'

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms))

/** Hears every finished request, with the statements it sent (`core.requestEvents`). */
const createReadCounter = () => {
  const events: RequestEvent[] = []
  const layer = defineServerLayer({
    manifest: defineManifest({
      id: 'readcount',
      number: 93,
      priority: 100,
      dependsOn: ['core'],
      version: '0.0.1',
    }),
    contributes: { 'core.requestEvents': (event) => void events.push(event) },
    init: () => ({}),
  })
  return { events, layer }
}

const LAYERS = { layers: [...APP_LAYERS.layers, { name: 'readcount', enabled: true }] }

interface Page {
  items: Array<{ id: string; name: string }>
  total: number
}

/**
 * `cachedReadScope` on the client and project reads: a repeated read is answered from memory
 * (no statement), and every change that could alter an answer is seen by the next read: writes
 * through the API at once, writes by anyone else as soon as PostgreSQL announces them, a role or
 * a policy as soon as it changes or expires.
 */
describe.each(TEST_TARGETS)('cached tenant reads on %s', (target) => {
  let w: World
  const counter = createReadCounter()
  let owner: SignedIn
  let limited: SignedIn
  let limitedRoleId: string

  /** A GET in tenant A, its body and how many statements it sent. */
  const read = async <T = Page>(who: SignedIn, path: string, host: TestHost = w.t) => {
    const res = await host.request(path, { headers: who.headers(w.a.slug) })
    expect(res.status).toBe(200)
    const requestId = res.headers.get('x-request-id')
    const json = await body<T>(res)
    await expect.poll(() => counter.events.some((e) => e.requestId === requestId)).toBe(true)
    const event = counter.events.find((e) => e.requestId === requestId)!
    return { json, queries: event.db.queries }
  }
  /**
   * Reads until an answer comes from memory (no statement), for up to 2 s. Right after a write one
   * more miss is to be expected: the write bumps the tenant's version at once, and its own
   * notification, which bumps it again, may land after the read that followed (seen under load).
   */
  const fromMemory = async <T = Page>(who: SignedIn, path: string, host: TestHost = w.t) => {
    for (let attempt = 0; attempt < 40; attempt++) {
      const answer = await read<T>(who, path, host)
      if (answer.queries === 0) return answer
      await sleep(50)
    }
    throw new Error(`${path} was never answered from memory`)
  }
  const names = (page: Page) => page.items.map((item) => item.name).sort()
  const create = async (who: SignedIn, name: string) => {
    const res = await w.json('POST', '/api/app/clients', who, w.a.slug, { name })
    expect(res.status).toBe(201)
    return body<{ id: string }>(res)
  }

  beforeAll(async () => {
    w = await createAppWorld(target, { layersConfig: LAYERS, extraLayers: [counter.layer] })
    owner = w.adminA
    limited = w.userA
    // A role that sees only its own clients, so answers differ from one user to the next.
    const role = await w.json('POST', '/api/tenants/roles', owner, w.a.slug, {
      key: 'own-only',
      name: 'Own clients only',
      permissions: ['client.view.own', 'client.create'],
    })
    expect(role.status).toBe(201)
    limitedRoleId = (await body<{ id: string }>(role)).id
    const assigned = await w.json(
      'PATCH',
      `/api/tenants/members/${limited.userId}`,
      owner,
      w.a.slug,
      {
        roleId: limitedRoleId,
      },
    )
    expect(assigned.status).toBe(200)
  })
  afterAll(() => w?.t.close())

  it('answers a repeated read from memory, and the next read after a write through the API is fresh', async () => {
    const first = await create(owner, 'Cached One')
    const path = '/api/app/clients?page=1&sort=name'
    const miss = await read(owner, path)
    expect(miss.queries).toBeGreaterThan(0)
    const hit = await fromMemory(owner, path)
    expect(hit.json).toEqual(miss.json)
    // Another query string is another answer.
    expect((await read(owner, `${path}&order=desc`)).queries).toBeGreaterThan(0)

    await create(owner, 'Cached Two')
    const after = await read(owner, path)
    expect(after.queries).toBeGreaterThan(0)
    expect(names(after.json)).toEqual(expect.arrayContaining(['Cached One', 'Cached Two']))

    const item = `/api/app/clients/${first.id}`
    expect((await read(owner, item)).queries).toBeGreaterThan(0)
    await fromMemory(owner, item)
    const renamed = await w.json('PATCH', item, owner, w.a.slug, { name: 'Cached Renamed' })
    expect(renamed.status).toBe(200)
    expect((await read<{ name: string }>(owner, item)).json.name).toBe('Cached Renamed')
  })

  it('keeps each user their own answer: the same path shows another user only what they may see', async () => {
    const mine = await create(limited, `Own of limited ${target}`)
    const path = '/api/app/clients?page=1&pageSize=100'
    // The owner's answer is kept first; the limited user must not get it.
    await read(owner, path)
    await fromMemory(owner, path)
    const seen = await read(limited, path)
    expect(seen.queries).toBeGreaterThan(0)
    expect(seen.json.items.map((item) => item.id)).toEqual([mine.id])
    expect((await read(limited, path)).json.items.map((item) => item.id)).toEqual([mine.id])
  })

  it('sees a new role and a new policy at the next read, and an expired policy without any write', async () => {
    const shared = await create(owner, `Shared later ${target}`)
    const path = '/api/app/clients?page=1&pageSize=100&q=Shared%20later'
    expect((await read(limited, path)).json.items).toEqual([])
    await fromMemory(limited, path)

    // A policy that lets the limited user see the owner's client, for a short while.
    const expiresAt = new Date(Date.now() + 2500)
    const granted = await w.json('POST', '/api/tenants/policies', owner, w.a.slug, {
      userId: limited.userId,
      resourceType: 'client',
      resourceId: shared.id,
      expiresAt: expiresAt.toISOString(),
    })
    expect(granted.status).toBe(201)
    expect((await read(limited, path)).json.items.map((item) => item.id)).toEqual([shared.id])
    const kept = await fromMemory(limited, path)
    expect(kept.json.items).toHaveLength(1)
    await sleep(expiresAt.getTime() - Date.now() + 50)
    const expired = await read(limited, path)
    expect(expired.queries).toBeGreaterThan(0)
    expect(expired.json.items).toEqual([])

    // A role change: the same user now sees every client, at once.
    const roles = await body<{ roles: Array<{ id: string; key: string }> }>(
      await w.json('GET', '/api/tenants/roles', owner, w.a.slug),
    )
    const viewer = roles.roles.find((role) => role.key === 'viewer')!
    const changed = await w.json(
      'PATCH',
      `/api/tenants/members/${limited.userId}`,
      owner,
      w.a.slug,
      {
        roleId: viewer.id,
      },
    )
    expect(changed.status).toBe(200)
    expect((await read(limited, path)).json.items.map((item) => item.id)).toEqual([shared.id])
    const back = await w.json('PATCH', `/api/tenants/members/${limited.userId}`, owner, w.a.slug, {
      roleId: limitedRoleId,
    })
    expect(back.status).toBe(200)
    expect((await read(limited, path)).json.items).toEqual([])
  })

  it('sees a change written outside the app as soon as PostgreSQL announces it', async () => {
    const client = await create(owner, `Outside ${target}`)
    const item = `/api/app/clients/${client.id}`
    await read(owner, item)
    await fromMemory(owner, item)
    // Another process (a job, a replica, psql as the runtime role): no local bump, only NOTIFY.
    const database = w.t.host.platform.database
    await database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      sql`update app_clients set name = 'Changed outside' where id = ${client.id}`.execute(trx),
    )
    const started = Date.now()
    await expect
      .poll(async () => (await read<{ name: string }>(owner, item)).json.name, {
        timeout: 2000,
        interval: 5,
      })
      .toBe('Changed outside')
    expect(Date.now() - started).toBeLessThan(1000)
  })

  it('has every table the cached reads depend on announce its changes', async () => {
    const { rows } = await sql<{ table: string }>`
      select c.relname as table from pg_trigger t join pg_class c on c.oid = t.tgrelid
      where t.tgname = c.relname || '_data_changed' and not t.tgisinternal
      order by 1`.execute(w.t.host.platform.database.db)
    expect(rows.map((row) => row.table)).toEqual(
      expect.arrayContaining([
        'app_clients',
        'app_projects',
        'resource_policies',
        'role_permissions',
        'roles',
        'tenant_user_roles',
        'tenants',
      ]),
    )
  })

  it("never answers one tenant's read from another tenant's memory", async () => {
    const path = '/api/app/clients?page=1&pageSize=100'
    await read(owner, path)
    const res = await w.t.request(path, { headers: w.adminB.headers(w.b.slug) })
    const page = await body<Page>(res)
    expect(res.status).toBe(200)
    expect(page.items.every((item) => !item.name.includes('Cached'))).toBe(true)
    const other = await w.t.request(path, { headers: owner.headers(w.b.slug) })
    expect(other.status).toBe(403)
  })

  it.runIf(target === 'postgres')(
    'answers nothing from memory while it cannot hear changes, and again once it listens',
    async () => {
      const client = await create(owner, 'While deaf')
      const item = `/api/app/clients/${client.id}`
      await read(owner, item)
      await fromMemory(owner, item)
      // As the login role (a superuser here), as an administrator or a failover would.
      const admin = createPostgresDatabase(w.t.databaseUrl!, captureLogger().logger)
      try {
        await admin.pool.query(
          `select pg_terminate_backend(pid) from pg_stat_activity
            where datname = current_database() and query = 'listen stratum_tenant_data'`,
        )
      } finally {
        await admin.close()
      }
      // Lost: every read goes to the database until it listens again (within a second or so).
      await expect.poll(async () => (await read(owner, item)).queries).toBeGreaterThan(0)
      await expect.poll(async () => (await read(owner, item)).queries, { timeout: 5000 }).toBe(0)
    },
  )

  it.runIf(target === 'postgres')(
    'a write on one replica is seen on another within the time a notification takes',
    async () => {
      const replica = await createTestHost({
        target,
        databaseUrl: w.t.databaseUrl,
        layersConfig: LAYERS,
        extraLayers: [counter.layer],
      })
      try {
        const client = await create(owner, 'Replicated')
        const item = `/api/app/clients/${client.id}`
        await read(owner, item, replica)
        await fromMemory(owner, item, replica)
        const renamed = await w.json('PATCH', item, owner, w.a.slug, { name: 'Replicated Again' })
        expect(renamed.status).toBe(200)
        const started = Date.now()
        await expect
          .poll(async () => (await read<{ name: string }>(owner, item, replica)).json.name, {
            timeout: 2000,
            interval: 5,
          })
          .toBe('Replicated Again')
        expect(Date.now() - started).toBeLessThan(1000)
      } finally {
        await replica.close()
      }
    },
  )
})

describe('cached tenant reads turned off', () => {
  it('reads the database every time with TENANT_RESPONSE_CACHE_ENTRIES=0', async () => {
    const counter = createReadCounter()
    const w = await createAppWorld('embedded', {
      layersConfig: LAYERS,
      extraLayers: [counter.layer],
      env: { TENANT_RESPONSE_CACHE_ENTRIES: '0' },
    })
    try {
      for (let i = 0; i < 2; i++) {
        const res = await w.json('GET', '/api/app/clients?page=1', w.adminA, w.a.slug)
        expect(res.status).toBe(200)
        const requestId = res.headers.get('x-request-id')
        await expect.poll(() => counter.events.some((e) => e.requestId === requestId)).toBe(true)
        expect(counter.events.find((e) => e.requestId === requestId)!.db.queries).toBeGreaterThan(0)
      }
    } finally {
      await w.t.close()
    }
  })
})

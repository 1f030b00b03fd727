import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost } from '@stratum/host-backend'
import { TEST_TARGETS, createTestHost, type TestHost } from '@stratum/host-backend/testing'
import { createTenant } from '@stratum/layer-multitenant/server'
import type { AuthenticatedDatabase } from '../tables.ts'
import { APP_LAYERS, body, createAppWorld, type World } from '../../../test/app-harness.ts'
import { roleGrants, TENANCY_LAYERS, type RoleGrants } from '@stratum/layer-multitenant/testing'

type Grants = RoleGrants
const grantsOf = (t: TestHost, tenantId: string) => roleGrants(t, tenantId)
const projectGrants = (g: Grants) =>
  Object.fromEntries(
    Object.entries(g).map(([k, v]) => [k, v.filter((p) => p.startsWith('project.'))]),
  )

describe.each(TEST_TARGETS)('clients and projects migration on %s', (target) => {
  let w: World
  beforeAll(async () => {
    w = await createAppWorld(target)
  })
  afterAll(() => w?.t.close())

  it('forces row-level security on every table with a tenant_id, app_clients and app_projects included', async () => {
    const { rows } = await sql<{
      table: string
      enabled: boolean
      forced: boolean
      policies: number
    }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by 1`.execute(w.t.host.platform.database.db)
    expect(rows.map((r) => r.table)).toEqual(
      expect.arrayContaining(['app_clients', 'app_projects', 'roles']),
    )
    // Every table with a tenant_id, platform tables included (core's layer switches).
    for (const row of rows)
      expect([row.table, row.enabled, row.forced, row.policies > 0]).toEqual([
        row.table,
        true,
        true,
        true,
      ])
  })

  it("refuses, in the database, a client written for another tenant or a project pointing at another tenant's client", async () => {
    const database = w.t.host.platform.database
    const bClient = await database.withSettings({ 'app.tenant_id': w.b.id }, (trx) =>
      (trx as Kysely<AuthenticatedDatabase>)
        .insertInto('app_clients')
        .values({ tenant_id: w.b.id, name: 'B raw' })
        .returning('id')
        .executeTakeFirstOrThrow(),
    )
    const smuggle = database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      (trx as Kysely<AuthenticatedDatabase>)
        .insertInto('app_clients')
        .values({ tenant_id: w.b.id, name: 'Smuggled' })
        .execute(),
    )
    await expect(smuggle).rejects.toThrow(/row-level security/)
    const crossLink = database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      (trx as Kysely<AuthenticatedDatabase>)
        .insertInto('app_projects')
        .values({ tenant_id: w.a.id, client_id: bClient.id, name: 'Cross' })
        .execute(),
    )
    await expect(crossLink).rejects.toThrow(/foreign key/)
  })

  it('adds its permissions to the catalogue, grantable in custom roles', async () => {
    const catalogue = await body<{ permissions: Array<{ name: string; layer: string }> }>(
      await w.json('GET', '/api/tenants/permissions', w.viewerA, w.a.slug),
    )
    expect(
      catalogue.permissions
        .filter((p) => p.layer === 'authenticated')
        .map((p) => p.name)
        .sort(),
    ).toEqual([
      'client.create',
      'client.delete',
      'client.edit.all',
      'client.edit.own',
      'client.share',
      'client.view',
      'project.create',
      'project.delete',
      'project.edit.all',
      'project.edit.own',
      'project.view',
    ])
    const role = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
      key: 'pm',
      name: 'Project manager',
      permissions: ['project.*', 'client.view'],
    })
    expect(role.status).toBe(201)
  })

  it('gives the system roles of existing tenants a project grant they lack on the next start', async () => {
    const database = w.t.host.platform.database
    const dropProjectGrants = () =>
      database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
        (trx as Kysely<AuthenticatedDatabase>)
          .deleteFrom('role_permissions')
          .where('permission', 'like', 'project.%')
          .execute(),
      )
    await dropProjectGrants()
    expect(projectGrants(await grantsOf(w.t, w.a.id))).toMatchObject({ user: [], viewer: [] })
    // Layer 2 syncs the contributed grants at every start (as a role bound by row-level security
    // too: its own tests prove that). The platform stays `w.t`'s, which closes it.
    await createHost({
      config: w.t.host.config,
      layersConfig: APP_LAYERS,
      platform: w.t.host.platform,
      env: {},
    })
    expect(projectGrants(await grantsOf(w.t, w.a.id))).toMatchObject({
      account_admin: ['project.*'],
      user: ['project.create', 'project.edit.own', 'project.view'],
      viewer: ['project.view'],
    })
  })

  it('grants project permissions to the system roles of tenants created later, and to no custom role', async () => {
    const fresh = await createTenant(w.t.host.platform.database, {
      name: 'Later',
      slug: `later-${Date.now()}`,
    })
    const grants = await grantsOf(w.t, fresh.id)
    expect(projectGrants(grants)).toEqual({
      account_admin: ['project.*'],
      user: ['project.create', 'project.edit.own', 'project.view'],
      viewer: ['project.view'],
    })
    expect(grants.user).toEqual([
      'client.create',
      'client.edit.own',
      'client.view',
      'project.create',
      'project.edit.own',
      'project.view',
      'report.view',
    ])
    const custom = await w.json('POST', '/api/tenants/roles', w.adminA, w.a.slug, {
      key: 'plain',
      name: 'Plain',
      permissions: ['report.view'],
    })
    expect((await body<{ permissions: string[] }>(custom)).permissions).toEqual(['report.view'])
  })
})

describe.each(TEST_TARGETS)('enabling the layer on an existing database (%s)', (target) => {
  let t: TestHost
  beforeAll(async () => {
    t = await createTestHost({ target, layersConfig: TENANCY_LAYERS })
  })
  afterAll(() => t?.close())

  it('grants project permissions to the system roles of tenants that already exist', async () => {
    const old = await createTenant(t.host.platform.database, {
      name: 'Before',
      slug: `before-${Date.now()}`,
    })
    expect(projectGrants(await grantsOf(t, old.id))).toEqual({
      account_admin: [],
      user: [],
      viewer: [],
    })
    // A second host on the same database with layer 3 on: its migration runs now. The platform
    // (database, cache) belongs to `t`, which closes it.
    const later = await createHost({
      config: t.host.config,
      layersConfig: APP_LAYERS,
      platform: t.host.platform,
      env: {},
    })
    expect(later.layers.map((l) => l.id)).toContain('authenticated')
    expect(projectGrants(await grantsOf(t, old.id))).toEqual({
      account_admin: ['project.*'],
      user: ['project.create', 'project.edit.own', 'project.view'],
      viewer: ['project.view'],
    })
  })
})

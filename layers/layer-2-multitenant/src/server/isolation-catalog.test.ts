import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { RUNTIME_ROLE, type Database } from '@stratum/layer-core/server'
import { captureLogger, signIn, TEST_TARGETS } from '@stratum/host-backend/testing'
import { createPostgresDatabase } from '../../../../host-backend/src/platform/index.ts'
import { createWorld, uniqueEmail, type World } from '../../test/tenancy-harness.ts'
import type { MultitenantDatabase } from './tables.ts'

describe.each(TEST_TARGETS)('isolation in the database on %s', (target) => {
  let w: World
  let single: Database
  beforeAll(async () => {
    w = await createWorld(target)
    // One connection, so the reuse check below really reuses the connection a tenant used.
    single =
      target === 'postgres'
        ? createPostgresDatabase(w.t.databaseUrl!, captureLogger().logger, { max: 1 })
        : w.t.host.platform.database
  })
  afterAll(async () => {
    if (target === 'postgres') await single?.close()
    await w?.t.close()
  })

  it('enables and forces row-level security on every table with a tenant_id column', async () => {
    const { rows } = await sql<{
      table: string
      enabled: boolean
      forced: boolean
      policies: number
    }>`
      select c.relname as table, c.relrowsecurity as enabled, c.relforcerowsecurity as forced,
             (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
      from pg_class c
      join pg_namespace n on n.oid = c.relnamespace
      where n.nspname = 'public' and c.relkind in ('r', 'p')
        and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
      order by 1`.execute(w.t.host.platform.database.db)
    expect(rows.map((r) => r.table)).toEqual(
      expect.arrayContaining([
        'core_layer_switches',
        'resource_policies',
        'role_permissions',
        'roles',
        'tenant_invites',
        'tenant_user_roles',
      ]),
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

  it('serves requests as a role that owns no table and is neither superuser nor BYPASSRLS', async () => {
    const db = w.t.host.platform.database.db
    const { rows } = await sql<{ role: string; super: boolean; bypass: boolean; owned: number }>`
      select current_user as role, r.rolsuper as super, r.rolbypassrls as bypass,
             (select count(*)::int from pg_class c where c.relowner = r.oid and c.relkind in ('r', 'p', 'v', 'm', 'S')) as owned
      from pg_roles r where r.rolname = current_user`.execute(db)
    expect(rows[0]).toEqual({ role: RUNTIME_ROLE, super: false, bypass: false, owned: 0 })
  })

  it('shows no tenant rows without a tenant, and only the tenant’s rows with one', async () => {
    const db = w.t.host.platform.database.db
    expect(await db.selectFrom('roles').selectAll().execute()).toEqual([])
    const inA = await w.t.host.platform.database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      trx.selectFrom('roles').select('tenant_id').execute(),
    )
    expect(inA.length).toBe(3)
    expect(new Set(inA.map((r) => r.tenant_id))).toEqual(new Set([w.a.id]))
  })

  it('scopes the membership lookup by row-level security alone', async () => {
    // TenantDb's lookup also filters by tenant_id (defence in depth); this is the same query
    // without that filter, as the runtime role, for a user with a different role in each tenant.
    const both = await signIn(w.t, uniqueEmail('both'))
    await w.addTo(w.a, both, 'viewer')
    await w.addTo(w.b, both, 'account_admin')
    const lookup = (tenantId: string) =>
      w.t.host.platform.database.withSettings({ 'app.tenant_id': tenantId }, (trx) =>
        (trx as Kysely<MultitenantDatabase>)
          .selectFrom('tenant_user_roles as m')
          .innerJoin('roles as r', (j) =>
            j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
          )
          .select(['m.tenant_id', 'r.key'])
          .where('m.user_id', '=', both.userId)
          .execute(),
      )
    expect(await lookup(w.a.id)).toEqual([{ tenant_id: w.a.id, key: 'viewer' }])
    expect(await lookup(w.b.id)).toEqual([{ tenant_id: w.b.id, key: 'account_admin' }])
  })

  it('refuses to write another tenant’s rows from inside a tenant transaction', async () => {
    const attempt = w.t.host.platform.database.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      (trx as Kysely<{ roles: { tenant_id: string; key: string; name: string } }>)
        .insertInto('roles')
        .values({ tenant_id: w.b.id, key: 'smuggled', name: 'Smuggled' })
        .execute(),
    )
    await expect(attempt).rejects.toThrow(/row-level security/)
  })

  it('leaves nothing behind on a pooled connection after a tenant request', async () => {
    const seen = await single.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      trx.selectFrom('tenant_user_roles').selectAll().execute(),
    )
    expect(seen.length).toBeGreaterThan(0)
    const { rows } = await sql<{
      setting: string | null
    }>`select nullif(current_setting('app.tenant_id', true), '') as setting`.execute(single.db)
    expect(rows[0]?.setting).toBeNull()
    expect(await single.db.selectFrom('tenant_user_roles').selectAll().execute()).toEqual([])
  })

  it('sets the tenant in the same round trip as BEGIN on PostgreSQL', async () => {
    if (target !== 'postgres') return
    const pg = single as ReturnType<typeof createPostgresDatabase>
    let queries = 0
    const client = await pg.pool.connect()
    const original = client.query.bind(client)
    client.release()
    // Count protocol-level queries issued through the pooled client during one tenant read.
    const spy = ((...args: Parameters<typeof original>) => {
      queries++
      return original(...args)
    }) as typeof original
    const c2 = await pg.pool.connect()
    c2.query = spy
    c2.release()
    await pg.withSettings({ 'app.tenant_id': w.a.id }, (trx) =>
      trx.selectFrom('roles').select('id').execute(),
    )
    // BEGIN + set_config, the read, COMMIT: two round trips of overhead around the one query.
    expect(queries).toBe(3)
  })
})

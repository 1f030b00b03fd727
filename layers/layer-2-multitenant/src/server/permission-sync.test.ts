import { sql, type Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost } from '@stratum/host-backend'
import { createTestHost, TEST_TARGETS, type TestHost } from '@stratum/host-backend/testing'
import { defineServerLayer, RUNTIME_ROLE, type AnyServerLayer } from '@stratum/layer-core/server'
import { defineManifest, type LayersConfig } from '@stratum/layer-core/shared'
import { newTenant as newTenantIn, roleGrants } from '../../test/role-grants.ts'
import { TENANCY_LAYERS } from '../../test/tenancy-harness.ts'
import type { PermissionContribution } from '../shared/roles.ts'
import { buildPermissionCatalogue, multitenantPermissions } from './permission-catalogue.ts'
import { syncPermissionCatalogue } from './permission-sync.ts'
import type { MultitenantDatabase } from './tables.ts'

/** A layer that is not a package: permissions of its own and grants to system roles, nothing else. */
const fixtureLayer = (id: string, permissions: PermissionContribution): AnyServerLayer =>
  defineServerLayer({
    manifest: defineManifest({
      id,
      number: 91,
      priority: 100,
      dependsOn: ['multitenant'],
      version: '0.0.1',
    }),
    contributes: { 'multitenant.permissions': permissions },
    init: () => ({}),
  })
const gadgetLayer = (permissions: PermissionContribution) => fixtureLayer('gadget', permissions)

const GADGET: PermissionContribution = {
  permissions: { 'gadget.view': 'See gadgets', 'gadget.edit': 'Edit gadgets' },
  grants: { viewer: ['gadget.view'], account_admin: ['gadget.*'] },
}
const GADGET_LAYERS: LayersConfig = {
  layers: [...TENANCY_LAYERS.layers, { name: 'gadget', enabled: true }],
}
const WIDGET_LAYERS: LayersConfig = {
  layers: [...TENANCY_LAYERS.layers, { name: 'widget', enabled: true }],
}

/** Layer 2's own grants: what a tenant's system roles hold with no other contributor. */
const LAYER_2_GRANTS = {
  account_admin: ['layers.manage', 'report.*', 'settings.manage', 'user.*'],
  user: ['report.view'],
  viewer: ['report.view'],
}

const newTenant = (t: TestHost) => newTenantIn(t, 'sync')
const grantsOf = (t: TestHost, tenantId: string) => roleGrants(t, tenantId, { systemOnly: true })

const catalogueOf = async (t: TestHost) =>
  (t.host.platform.database.db as Kysely<MultitenantDatabase>)
    .selectFrom('permissions')
    .select(['name', 'layer'])
    .orderBy('name')
    .execute()

/** Another start on the same database (the platform stays `t`'s, which closes it). */
const restart = (t: TestHost, layersConfig: LayersConfig, extraLayers: AnyServerLayer[] = []) =>
  createHost({
    config: t.host.config,
    layersConfig,
    extraLayers,
    platform: t.host.platform,
    env: {},
  })

describe.each(TEST_TARGETS)('system role grants from multitenant.permissions on %s', (target) => {
  let t: TestHost
  let before: { id: string }
  beforeAll(async () => {
    t = await createTestHost({ target, layersConfig: TENANCY_LAYERS })
    before = await newTenant(t)
  })
  afterAll(() => t?.close())

  it("gives tenants only layer 2's own grants when no other layer contributes", async () => {
    expect(await grantsOf(t, before.id)).toEqual(LAYER_2_GRANTS)
    expect(await catalogueOf(t)).toEqual(
      Object.keys(multitenantPermissions.permissions)
        .sort()
        .map((name) => ({ name, layer: 'multitenant' })),
    )
  })

  it("adds a new layer's permissions to the catalogue and its grants to existing tenants on the next start", async () => {
    await restart(t, GADGET_LAYERS, [gadgetLayer(GADGET)])
    expect((await catalogueOf(t)).filter((p) => p.layer === 'gadget')).toEqual([
      { name: 'gadget.edit', layer: 'gadget' },
      { name: 'gadget.view', layer: 'gadget' },
    ])
    const expected = {
      account_admin: ['gadget.*', ...LAYER_2_GRANTS.account_admin],
      user: ['report.view'],
      viewer: ['gadget.view', 'report.view'],
    }
    expect(await grantsOf(t, before.id)).toEqual(expected)
    // A tenant created after that start gets exactly the same.
    expect(await grantsOf(t, (await newTenant(t)).id)).toEqual(expected)
  })

  it('withdraws, on the next start, a grant and a permission the layer no longer contributes', async () => {
    await restart(t, GADGET_LAYERS, [
      gadgetLayer({
        permissions: { 'gadget.view': 'See gadgets' },
        grants: { account_admin: ['gadget.*'] },
      }),
    ])
    expect(await grantsOf(t, before.id)).toEqual({
      ...LAYER_2_GRANTS,
      account_admin: ['gadget.*', ...LAYER_2_GRANTS.account_admin],
    })
    expect((await catalogueOf(t)).filter((p) => p.layer === 'gadget')).toEqual([
      { name: 'gadget.view', layer: 'gadget' },
    ])
  })

  it('leaves the grants and permissions of a layer switched off alone, and gives new tenants none of them', async () => {
    await restart(t, GADGET_LAYERS, [gadgetLayer(GADGET)])
    await restart(t, TENANCY_LAYERS)
    expect((await grantsOf(t, before.id)).viewer).toEqual(['gadget.view', 'report.view'])
    expect((await catalogueOf(t)).filter((p) => p.layer === 'gadget')).toHaveLength(2)
    expect(await grantsOf(t, (await newTenant(t)).id)).toEqual(LAYER_2_GRANTS)
    // `gadget.*` also matches a permission of an enabled layer now, and still stays: it matches
    // the switched-off layer's permissions too.
    const widget = { permissions: { 'gadget.export': 'Export gadgets' }, grants: {} }
    await restart(t, WIDGET_LAYERS, [fixtureLayer('widget', widget)])
    expect((await grantsOf(t, before.id)).account_admin).toContain('gadget.*')
  })

  it('keeps a system grant that matches no permission in the catalogue (its origin is unknown)', async () => {
    await t.host.platform.database.withSettings({ 'app.tenant_id': before.id }, (trx) =>
      sql`insert into role_permissions (tenant_id, role_id, permission)
        select tenant_id, id, 'legacy.view' from roles where key = 'user'`.execute(trx),
    )
    await restart(t, TENANCY_LAYERS)
    expect((await grantsOf(t, before.id)).user).toEqual(['legacy.view', 'report.view'])
  })

  it('syncs as a role bound by row-level security too', async () => {
    const database = t.host.platform.database
    const dropViewerGrants = () =>
      database.withSettings({ 'app.tenant_id': before.id }, (trx) =>
        sql`delete from role_permissions p using roles r
          where p.role_id = r.id and r.key = 'viewer' and r.tenant_id = ${before.id}`.execute(trx),
      )
    await dropViewerGrants()
    expect((await grantsOf(t, before.id)).viewer).toBeUndefined()
    // database.db is the runtime role: neither superuser nor BYPASSRLS, forced RLS applies.
    const { rows } = await sql<{ role: string }>`select current_user as role`.execute(database.db)
    expect(rows[0]?.role).toBe(RUNTIME_ROLE)
    const catalogue = buildPermissionCatalogue([
      { layer: 'multitenant', value: multitenantPermissions },
    ])
    await syncPermissionCatalogue(database.db, catalogue, ['core', 'auth', 'multitenant'])
    expect((await grantsOf(t, before.id)).viewer).toEqual(['report.view'])
  })
})

describe('start-up with an invalid multitenant.permissions contribution', () => {
  const start = (permissions: PermissionContribution) =>
    createTestHost({
      target: 'embedded',
      layersConfig: GADGET_LAYERS,
      extraLayers: [gadgetLayer(permissions)],
    })

  it('fails with a sentence naming the layer', async () => {
    await expect(start({ permissions: { 'user.view': 'Mine too' }, grants: {} })).rejects.toThrow(
      "Layer 'gadget' contributes the permission 'user.view', which layer 'multitenant' already contributes.",
    )
    await expect(
      start({ permissions: { 'gadget.view': 'See gadgets' }, grants: { viewer: ['widget.view'] } }),
    ).rejects.toThrow(
      "Layer 'gadget' grants 'widget.view' to the role 'viewer', but no enabled layer contributes a permission it matches.",
    )
  })
})

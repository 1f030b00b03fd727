import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createHost } from '@stratum/host-backend'
import { createTestHost, TEST_TARGETS, type TestHost } from '@stratum/host-backend/testing'
import type { LayersConfig } from '@stratum/layer-core/shared'
import {
  newTenant as newTenantIn,
  roleGrants,
  TENANCY_LAYERS,
} from '@stratum/layer-multitenant/testing'
import { APP_LAYERS } from '../../../test/app-harness.ts'
import { dropSystemRoleGrants } from './20261202000000_drop_system_role_grants.ts'

/**
 * What the system roles held before the extension point: layer 2's grants and layer 3's (plus
 * `layers.manage`, which layer 2 grants since run-time layer switches).
 */
const LAYERS_2_AND_3 = {
  account_admin: [
    'client.*',
    'layers.manage',
    'project.*',
    'report.*',
    'settings.manage',
    'user.*',
  ],
  user: [
    'client.create',
    'client.edit.own',
    'client.view',
    'project.create',
    'project.edit.own',
    'project.view',
    'report.view',
  ],
  viewer: ['client.view', 'project.view', 'report.view'],
}

const newTenant = (t: TestHost) => newTenantIn(t, 'grants')
const grantsOf = (t: TestHost, tenantId: string) => roleGrants(t, tenantId, { systemOnly: true })

/** Which of the old trigger's objects exist. */
async function triggerObjects(t: TestHost) {
  const { rows } = await sql<{ table: boolean; fn: boolean; trigger: boolean }>`
    select to_regclass('app_system_role_grants') is not null as table,
      exists (select 1 from pg_proc where proname = 'app_grant_system_role_permissions') as fn,
      exists (select 1 from pg_trigger where tgname = 'app_system_role_grants_on_insert') as trigger
  `.execute(t.host.platform.database.db)
  return rows[0]
}

/** Another start on the same database (the platform stays `t`'s, which closes it). */
const restart = (t: TestHost, layersConfig: LayersConfig) =>
  createHost({ config: t.host.config, layersConfig, platform: t.host.platform, env: {} })

describe.each(TEST_TARGETS)('system role grants of layer 3 on %s', (target) => {
  let t: TestHost
  let before: { id: string }
  beforeAll(async () => {
    t = await createTestHost({ target, layersConfig: APP_LAYERS })
    before = await newTenant(t)
  })
  afterAll(() => t?.close())

  it('gives tenants created before and after a start the same grants as before the extension point', async () => {
    expect(await grantsOf(t, before.id)).toEqual(LAYERS_2_AND_3)
    await restart(t, APP_LAYERS)
    expect(await grantsOf(t, before.id)).toEqual(LAYERS_2_AND_3)
    expect(await grantsOf(t, (await newTenant(t)).id)).toEqual(LAYERS_2_AND_3)
  })

  it('has dropped the trigger, its function and its table; down restores them, with the grants', async () => {
    const database = t.host.platform.database
    expect(await triggerObjects(t)).toEqual({ table: false, fn: false, trigger: false })
    try {
      await database.withMigrationLock((owner) => dropSystemRoleGrants.down!(owner))
      expect(await triggerObjects(t)).toEqual({ table: true, fn: true, trigger: true })
      const { rows } = await sql<{ n: number }>`
        select count(*)::int as n from app_system_role_grants`.execute(database.db)
      expect(rows[0]?.n).toBe(5)
    } finally {
      await database.withMigrationLock((owner) => dropSystemRoleGrants.up(owner))
    }
    expect(await triggerObjects(t)).toEqual({ table: false, fn: false, trigger: false })
  })

  it("starts with layer 3 switched off: new tenants get only layer 2's grants, existing ones keep theirs", async () => {
    const later = await restart(t, TENANCY_LAYERS)
    expect(later.layers.map((l) => l.id)).not.toContain('authenticated')
    expect(await grantsOf(t, before.id)).toEqual(LAYERS_2_AND_3)
    expect(await grantsOf(t, (await newTenant(t)).id)).toEqual({
      account_admin: ['layers.manage', 'report.*', 'settings.manage', 'user.*'],
      user: ['report.view'],
      viewer: ['report.view'],
    })
  })
})

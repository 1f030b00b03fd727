import type { Kysely } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestHost, TEST_TARGETS, type TestHost } from '@stratum/host-backend/testing'
import { TENANCY_LAYERS } from '../../test/tenancy-harness.ts'
import { createTenant } from './tenant-service.ts'
import type { MultitenantDatabase } from './tables.ts'

const DAY = 86_400_000

describe.each(TEST_TARGETS)('invite cleanup on %s', (target) => {
  let t: TestHost
  beforeAll(async () => {
    t = await createTestHost({
      target,
      layersConfig: TENANCY_LAYERS,
      env: { CLEANUP_INVITES_AFTER_DAYS: '30' },
    })
  })
  afterAll(() => t?.close())

  it('deletes exactly the unaccepted invites expired for 30 days, in every tenant', async () => {
    const database = t.host.platform.database
    const tenants = [
      await createTenant(database, { name: 'Cleanup A', slug: `cleanup-a-${target}` }),
      await createTenant(database, { name: 'Cleanup B', slug: `cleanup-b-${target}` }),
    ]
    const at = (offset: number) => new Date(Date.now() + offset)
    const cases = [
      { tag: 'pending', expires: at(7 * DAY), accepted: undefined, kept: true },
      { tag: 'expired-recently', expires: at(-29 * DAY), accepted: undefined, kept: true },
      { tag: 'expired-long-ago', expires: at(-31 * DAY), accepted: undefined, kept: false },
      // An accepted invite is the record of how someone joined: kept, however old.
      { tag: 'accepted-long-ago', expires: at(-60 * DAY), accepted: at(-65 * DAY), kept: true },
    ]
    for (const tenant of tenants) {
      await database.withSettings({ 'app.tenant_id': tenant.id }, async (raw) => {
        const trx = raw as Kysely<MultitenantDatabase>
        const role = await trx
          .selectFrom('roles')
          .select('id')
          .where('tenant_id', '=', tenant.id)
          .where('key', '=', 'viewer')
          .executeTakeFirstOrThrow()
        for (const c of cases)
          await trx
            .insertInto('tenant_invites')
            .values({
              tenant_id: tenant.id,
              email: `${c.tag}@example.test`,
              role_id: role.id,
              token_hash: `${tenant.slug}-${c.tag}`,
              expires_at: c.expires,
              accepted_at: c.accepted ?? null,
            })
            .execute()
      })
    }

    await t.host.platform.jobs.enqueue('multitenant.invite-cleanup', {})
    await t.host.platform.jobs.whenIdle()

    for (const tenant of tenants) {
      const left = await database.withSettings({ 'app.tenant_id': tenant.id }, (raw) =>
        (raw as Kysely<MultitenantDatabase>)
          .selectFrom('tenant_invites')
          .select('email')
          .orderBy('email')
          .execute(),
      )
      expect(left.map((r) => r.email)).toEqual(
        cases
          .filter((c) => c.kept)
          .map((c) => `${c.tag}@example.test`)
          .sort(),
      )
    }
  })
})

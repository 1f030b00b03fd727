import { randomUUID } from 'node:crypto'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import { createWorld, type World } from '../../test/tenancy-harness.ts'

const REASON = 'Ticket 512: the member list looks wrong to this user'

describe.each(TEST_TARGETS)('the tenant named when acting as a user, on %s', (target) => {
  let w: World
  beforeAll(async () => {
    w = await createWorld(target)
  })
  afterAll(() => w?.t.close())

  const start = (userId: string, tenantId: string) =>
    w.json('POST', '/api/auth/impersonation', w.superadmin, undefined, {
      userId,
      tenantId,
      reason: REASON,
    })
  const recorded = async (userId: string) =>
    (
      await w.t.host.platform.database.db
        .selectFrom('auth_impersonations')
        .select('tenant_context')
        .where('target_user_id', '=', userId)
        .orderBy('started_at')
        .execute()
    ).map((row) => row.tenant_context as string | null)

  it('is one the user is a member of; any other is refused with a reason, and nothing is recorded', async () => {
    const before = await recorded(w.adminA.userId)
    const notMember = await start(w.adminA.userId, w.b.id)
    expect(notMember.status).toBe(422)
    expect(await notMember.json()).toMatchObject({
      code: 'IMPERSONATION_TENANT_INVALID',
      error: `The user is not a member of '${w.b.slug}'.`,
      details: { fields: { tenantId: `The user is not a member of '${w.b.slug}'.` } },
    })
    const unknown = await start(w.adminA.userId, randomUUID())
    expect(unknown.status).toBe(422)
    expect((await unknown.json()) as { error: string }).toMatchObject({
      error: 'There is no such tenant.',
    })
    // An unknown user is not found, whatever the tenant.
    const nobody = await start(randomUUID(), w.a.id)
    expect(nobody.status).toBe(404)
    expect(await recorded(w.adminA.userId)).toEqual(before)

    const member = await start(w.adminA.userId, w.a.id)
    expect(member.status).toBe(201)
    expect(await member.json()).toMatchObject({ impersonation: { tenantId: w.a.id } })
    expect(await recorded(w.adminA.userId)).toEqual([...before, w.a.id])
  })

  it('is an active tenant: in an inactive one the user could not work', async () => {
    const off = await w.json(
      'POST',
      `/api/admin/multitenant/tenants/${w.b.id}/deactivate`,
      w.superadmin,
    )
    expect(off.status).toBe(200)
    try {
      const inactive = await start(w.adminB.userId, w.b.id)
      expect(inactive.status).toBe(422)
      expect((await inactive.json()) as { error: string }).toMatchObject({
        error: `The tenant '${w.b.slug}' is inactive.`,
      })
    } finally {
      const on = await w.json(
        'POST',
        `/api/admin/multitenant/tenants/${w.b.id}/activate`,
        w.superadmin,
      )
      expect(on.status).toBe(200)
    }
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import {
  idsIn,
  probeRequest,
  snapshot,
  takesId,
  tenantScopedOperations,
  type Operation,
} from './isolation-probes.ts'
import { createWorld, uniqueEmail, type World } from './tenancy-harness.ts'

/**
 * The isolation property. Every tenant-scoped route any enabled layer registers (found in the
 * OpenAPI document by its X-Tenant-ID header) is called by tenant A's account admin, in tenant A,
 * with tenant B's ids wherever an id fits. No answer may carry B's data, and B's rows must be
 * exactly as they were. The same routes called with X-Tenant-ID: B must be refused.
 * Routes added by later layers join automatically.
 */

describe.each(TEST_TARGETS)('tenant isolation property on %s', (target) => {
  let w: World
  let ops: Operation[]
  let before: Record<string, unknown[]>
  let bIds: string[]
  let bSecrets: string[]

  beforeAll(async () => {
    w = await createWorld(target)
    // Give B some of everything: a custom role, an invite, a policy.
    const roles = (await (
      await w.json('GET', '/api/tenants/roles', w.adminB, w.b.slug)
    ).json()) as { roles: Array<{ id: string; key: string }> }
    await w.json('POST', '/api/tenants/roles', w.adminB, w.b.slug, {
      key: 'b-secret-role',
      name: 'B secret role',
      permissions: ['user.view'],
    })
    await w.json('POST', '/api/tenants/invites', w.adminB, w.b.slug, {
      email: uniqueEmail('b-invitee'),
      roleId: roles.roles.find((r) => r.key === 'viewer')!.id,
    })
    await w.json('POST', '/api/tenants/policies', w.adminB, w.b.slug, {
      userId: w.adminB.userId,
      resourceType: 'client',
      resourceId: crypto.randomUUID(),
      canEdit: true,
    })
    ops = await tenantScopedOperations(w.t)
    before = await snapshot(w, w.b.id)
    bIds = idsIn(before)
    bSecrets = [w.adminB.email, 'b-secret-role', 'B secret role']
  })
  afterAll(() => w?.t.close())

  it('finds the tenant-scoped routes of every enabled layer', () => {
    expect(ops.length).toBeGreaterThanOrEqual(12)
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/tenants/members',
        'DELETE /api/tenants/roles/{id}',
        'PATCH /api/tenants/members/{userId}',
      ]),
    )
  })

  it("refuses every tenant-scoped route to A's admin naming tenant B", async () => {
    for (const op of ops) {
      const { res } = await probeRequest(w, op, bIds[0]!, w.adminA, w.b.slug)
      expect([`${op.method} ${op.path}`, res.status]).toEqual([`${op.method} ${op.path}`, 403])
      expect(((await res.json()) as { code: string }).code).toBe('TENANT_ACCESS_DENIED')
    }
  })

  it("never returns B's data to A's admin using B's ids inside tenant A, and leaves B unchanged", async () => {
    let calls = 0
    for (const op of ops) {
      for (const id of takesId(op) ? bIds : [bIds[0]!]) {
        const { url, res } = await probeRequest(w, op, id, w.adminA, w.a.slug)
        calls++
        const text = await res.text()
        const label = `${op.method} ${url} → ${res.status}`
        // Ids we sent may be echoed back; any other id or secret of B may not appear.
        const leaked = [...bIds.filter((b) => b !== id), ...bSecrets].filter((secret) =>
          text.includes(secret),
        )
        expect([label, leaked]).toEqual([label, []])
        if (/\{\w+\}/.test(op.path))
          expect([label, [400, 403, 404, 409].includes(res.status)]).toEqual([label, true])
      }
    }
    expect(calls).toBeGreaterThan(ops.length)
    expect(await snapshot(w, w.b.id)).toEqual(before)
  })
})

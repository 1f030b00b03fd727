import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import { body, createAppWorld, uniqueEmail, type World } from './app-harness.ts'
import {
  idsIn,
  probeRequest,
  snapshot,
  takesId,
  tenantScopedOperations,
  type Operation,
} from '@stratum/layer-multitenant/testing'

/**
 * Layer 2's isolation property with this layer enabled: every tenant-scoped route (layer 2's and
 * this layer's, found in the OpenAPI document) is called by tenant A's admin inside A with each of
 * B's ids. Nothing of B's comes back, answers with a B id in the path are 400/403/404/409, and B's
 * rows (clients and projects included) are exactly as they were.
 */
describe.each(TEST_TARGETS)('tenant isolation property with layer 3 on %s', (target) => {
  let w: World
  let ops: Operation[]
  let before: Record<string, unknown[]>
  let bIds: string[]
  let bSecrets: string[]

  beforeAll(async () => {
    w = await createAppWorld(target)
    const asB = async (method: string, path: string, fields: Record<string, unknown>) => {
      const res = await w.json(method, path, w.adminB, w.b.slug, fields)
      expect([path, res.status < 300]).toEqual([path, true])
      return body<{ id: string }>(res)
    }
    const roles = await body<{ roles: Array<{ id: string; key: string }> }>(
      await w.json('GET', '/api/tenants/roles', w.adminB, w.b.slug),
    )
    await asB('POST', '/api/tenants/roles', {
      key: 'b-secret-role',
      name: 'B secret role',
      permissions: ['user.view', 'project.view'],
    })
    await asB('POST', '/api/tenants/invites', {
      email: uniqueEmail('b-invitee'),
      roleId: roles.roles.find((r) => r.key === 'viewer')!.id,
    })
    const client = await asB('POST', '/api/app/clients', {
      name: 'B secret client',
      email: 'b-secret@client.example',
      notes: 'B secret notes',
    })
    await asB('POST', '/api/app/projects', {
      clientId: client.id,
      name: 'B secret project',
      budget: 777,
      dueDate: '2027-01-01',
    })
    const gone = await asB('POST', '/api/app/projects', {
      clientId: client.id,
      name: 'B secret deleted project',
    })
    await asB('DELETE', `/api/app/projects/${gone.id}`, {})
    await asB('POST', '/api/tenants/policies', {
      userId: w.adminB.userId,
      resourceType: 'client',
      resourceId: client.id,
      canEdit: true,
    })
    await asB('PATCH', '/api/app/settings/tenant', {
      displayName: 'B secret display',
      currency: 'EUR',
    })
    ops = await tenantScopedOperations(w.t)
    before = await snapshot(w, w.b.id)
    bIds = idsIn(before)
    bSecrets = [
      w.adminB.email,
      'b-secret-role',
      'B secret role',
      'B secret client',
      'b-secret@client.example',
      'B secret notes',
      'B secret project',
      'B secret deleted project',
      'B secret display',
    ]
  })
  afterAll(() => w?.t.close())

  it("finds this layer's tenant-scoped routes, and B's clients and projects to probe with", () => {
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/app/clients',
        'POST /api/app/clients',
        'GET /api/app/clients/{id}',
        'PATCH /api/app/clients/{id}',
        'DELETE /api/app/clients/{id}',
        'POST /api/app/clients/{id}/restore',
        'GET /api/app/projects',
        'POST /api/app/projects',
        'GET /api/app/projects/{id}',
        'PATCH /api/app/projects/{id}',
        'DELETE /api/app/projects/{id}',
        'POST /api/app/projects/{id}/restore',
        'GET /api/app/dashboard',
        'GET /api/app/settings/tenant',
        'PATCH /api/app/settings/tenant',
        'GET /api/tenants/members',
      ]),
    )
    expect(
      ops.some((o) => o.path === '/api/app/profile' || o.path === '/api/app/settings/user'),
    ).toBe(false)
    expect([before.app_clients?.length, before.app_projects?.length]).toEqual([1, 2])
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

  it("answers 404 to A's admin for every id of B's clients and projects", async () => {
    const resources = [
      ...(before.app_clients as Array<{ id: string }>).map((r) => ['clients', r.id]),
      ...(before.app_projects as Array<{ id: string }>).map((r) => ['projects', r.id]),
    ]
    for (const [kind, id] of resources) {
      for (const [method, suffix, fields] of [
        ['GET', '', undefined],
        ['PATCH', '', { name: 'Taken over' }],
        ['DELETE', '', undefined],
        ['POST', '/restore', undefined],
      ] as const) {
        const res = await w.json(
          method,
          `/api/app/${kind}/${id}${suffix}`,
          w.adminA,
          w.a.slug,
          fields,
        )
        expect([method, kind, suffix, res.status]).toEqual([method, kind, suffix, 404])
      }
    }
    expect(await snapshot(w, w.b.id)).toEqual(before)
  })

  it('holds with this layer switched off for tenant A: its routes answer LAYER_DISABLED there, and B stays as it was', async () => {
    const off = await w.json(
      'PUT',
      `/api/admin/multitenant/layers/authenticated/tenants/${w.a.id}`,
      w.superadmin,
      undefined,
      { enabled: false },
    )
    expect(off.status).toBe(200)
    try {
      for (const op of ops) {
        const label = `${op.method} ${op.path}`
        const named = await probeRequest(w, op, bIds[0]!, w.adminA, w.b.slug)
        expect([label, named.res.status]).toEqual([label, 403])
        for (const id of takesId(op) ? bIds : [bIds[0]!]) {
          const { url, res } = await probeRequest(w, op, id, w.adminA, w.a.slug)
          const text = await res.text()
          const leaked = [...bIds.filter((b) => b !== id), ...bSecrets].filter((secret) =>
            text.includes(secret),
          )
          expect([`${op.method} ${url}`, leaked]).toEqual([`${op.method} ${url}`, []])
          if (op.path.startsWith('/api/app/'))
            expect([label, res.status, (JSON.parse(text) as { code: string }).code]).toEqual([
              label,
              404,
              'LAYER_DISABLED',
            ])
        }
      }
      expect(await snapshot(w, w.b.id)).toEqual(before)
    } finally {
      await w.json(
        'PUT',
        `/api/admin/multitenant/layers/authenticated/tenants/${w.a.id}`,
        w.superadmin,
        undefined,
        { enabled: null },
      )
    }
  })
})

import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import { auditRowsOf, body, createLoggingWorld, type World } from '../../test/logging-world.ts'

describe.each(TEST_TARGETS)('automatic audit on %s', (target) => {
  let w: World
  const createClient = async (name: string, extra: Record<string, unknown> = {}) => {
    const res = await w.json('POST', '/api/app/clients', w.adminA, w.a.slug, { name, ...extra })
    expect(res.status).toBe(201)
    return body<{ id: string }>(res)
  }

  beforeAll(async () => {
    w = await createLoggingWorld(target)
  })
  afterAll(() => w?.t.close())

  it('records a client edit with exactly the changed fields, the actor and the request', async () => {
    const client = await createClient('Audited Ltd', { email: 'a@audited.example' })
    const res = await w.json('PATCH', `/api/app/clients/${client.id}`, w.adminA, w.a.slug, {
      notes: 'Called on Monday',
    })
    expect(res.status).toBe(200)
    const rows = await auditRowsOf(w, client.id)
    expect(rows.map((r) => r.action)).toEqual(['insert', 'update'])
    const [inserted, updated] = rows
    expect(inserted).toMatchObject({
      resource_type: 'app_clients',
      tenant_id: w.a.id,
      user_id: w.adminA.userId,
      old_values: null,
      new_values: expect.objectContaining({ name: 'Audited Ltd', email: 'a@audited.example' }),
    })
    expect(updated?.changed_fields).toContain('notes')
    expect(updated?.old_values).toMatchObject({ notes: null })
    expect(updated?.new_values).toMatchObject({ notes: 'Called on Monday' })
    // Only what changed: neither the name nor the email is repeated.
    expect(Object.keys(updated?.new_values ?? {}).sort()).toEqual(
      [...(updated?.changed_fields ?? [])].sort(),
    )
    expect(updated?.new_values).not.toHaveProperty('name')
    expect(updated?.request_id).toBe(res.headers.get('x-request-id'))
    // The layer's semantic event lands in the same table, joined by the request id.
    const all = await auditRowsOf(w, client.id, false)
    expect(all.filter((r) => r.request_id === updated?.request_id).map((r) => r.action)).toEqual([
      'update',
      'authenticated.client.updated',
    ])
  })

  it('leaves no audit row when the request fails and rolls back', async () => {
    const client = await createClient('Rolled Back Ltd')
    const before = await auditRowsOf(w, client.id)
    // The second update in one request is refused (400), so the transaction rolls back.
    const res = await w.json('PATCH', `/api/app/clients/${client.id}`, w.adminA, w.a.slug, {
      name: '',
    })
    expect(res.status).toBe(400)
    const del = await w.json('DELETE', `/api/app/clients/${client.id}`, w.viewerA, w.a.slug)
    expect(del.status).toBe(403)
    expect(await auditRowsOf(w, client.id)).toEqual(before)
  })

  it('denies the request role UPDATE, DELETE and INSERT on audit rows', async () => {
    const client = await createClient('Tamper Ltd')
    const db = w.t.host.platform.database
    for (const statement of [
      sql`update audit_logs set reason = 'edited' where resource_id = ${client.id}`,
      sql`delete from audit_logs where resource_id = ${client.id}`,
      sql`insert into audit_logs (id, action, hash) values (-1, 'forged', 'x')`,
    ]) {
      await expect(
        db.withSettings({ 'app.tenant_id': w.a.id }, (trx) => statement.execute(trx)),
      ).rejects.toThrow(/permission denied/)
    }
    expect(await auditRowsOf(w, client.id)).toHaveLength(1)
  })
})

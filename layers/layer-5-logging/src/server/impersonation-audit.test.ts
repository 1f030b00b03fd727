import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import type { AuditPage } from '../shared/audit-schemas.ts'
import { body, createLoggingWorld, type World } from '../../test/logging-world.ts'
import { ALL_SCOPE, verifyAuditChain } from './audit-chain.ts'

const REASON = 'Support ticket 88: the client notes do not save'

/** Every audit row of a request, read past row-level security. */
const rowsOfRequest = (w: World, requestId: string) =>
  w.t.host.platform.database.withSettings(ALL_SCOPE, async (trx) => {
    const { rows } = await sql<{
      action: string
      user_id: string | null
      assumed_by: string | null
      hash: string
      old_hash: string
    }>`select action, user_id::text, assumed_by::text, hash,
        encode(sha256(convert_to(jsonb_build_array(
          a.prev_hash, a.prev_id, a.id,
          to_char(a.timestamp at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US'),
          a.user_id, a.tenant_id, a.action, a.resource_type, a.resource_id,
          a.old_values, a.new_values, a.changed_fields, a.ip_address, a.user_agent, a.request_id,
          a.reason)::text, 'UTF8')), 'hex') as old_hash
      from audit_logs a where request_id = ${requestId} order by id`.execute(trx)
    return rows
  })

describe.each(TEST_TARGETS)('audit while impersonating on %s', (target) => {
  let w: World
  beforeAll(async () => {
    w = await createLoggingWorld(target)
  })
  afterAll(() => w?.t.close())

  it('records both identities on row changes and app events, and the chain still verifies', async () => {
    const created = await w.json('POST', '/api/app/clients', w.adminA, w.a.slug, {
      name: 'Before Impersonation Ltd',
    })
    expect(created.status).toBe(201)
    const client = await body<{ id: string }>(created)
    const plainRows = await rowsOfRequest(w, created.headers.get('x-request-id')!)
    // A row written without an impersonation hashes exactly as before assumed_by existed.
    expect(plainRows.length).toBeGreaterThan(0)
    for (const row of plainRows) {
      expect(row.assumed_by).toBeNull()
      expect(row.hash).toBe(row.old_hash)
    }

    const started = await w.json('POST', '/api/auth/impersonation', w.superadmin, undefined, {
      userId: w.adminA.userId,
      tenantId: w.a.id,
      reason: REASON,
    })
    expect(started.status).toBe(201)
    const { accessToken } = await body<{ accessToken: string }>(started)
    const actingAs = { ...w.adminA, token: accessToken }
    actingAs.headers = (tenant, extra = {}) => ({
      authorization: `Bearer ${accessToken}`,
      ...(tenant ? { 'x-tenant-id': tenant } : {}),
      ...extra,
    })

    const edit = await w.json('PATCH', `/api/app/clients/${client.id}`, actingAs, w.a.slug, {
      notes: 'Edited while a superadmin looked',
    })
    expect(edit.status).toBe(200)
    const rows = await rowsOfRequest(w, edit.headers.get('x-request-id')!)
    expect(rows.map((r) => r.action)).toEqual(['update', 'authenticated.client.updated'])
    for (const row of rows) {
      expect(row.user_id).toBe(w.adminA.userId)
      expect(row.assumed_by).toBe(w.superadmin.userId)
      // assumed_by is part of what the hash covers.
      expect(row.hash).not.toBe(row.old_hash)
    }

    const verified = await w.t.host.platform.database.withSettings(ALL_SCOPE, (trx) =>
      verifyAuditChain(trx, w.a.id),
    )
    expect(verified.ok).toBe(true)
    expect(verified.checked).toBeGreaterThanOrEqual(3)

    // The audit console's API shows who really acted.
    const page = await w.json(
      'GET',
      `/api/admin/logging/audit?resourceId=${client.id}`,
      w.superadmin,
    )
    expect(page.status).toBe(200)
    const items = (await body<AuditPage>(page)).items
    const update = items.find((i) => i.action === 'update')
    expect(update).toMatchObject({
      userId: w.adminA.userId,
      actorEmail: w.adminA.email,
      assumedBy: w.superadmin.userId,
      // The console names the superadmin, not only their id.
      assumedByEmail: w.superadmin.email,
    })
    expect(items.find((i) => i.action === 'insert')).not.toHaveProperty('assumedBy')

    // Start and stop are on the platform chain, with the reason and never a token.
    const events = await w.t.host.platform.database.withSettings(ALL_SCOPE, async (trx) => {
      const { rows: found } = await sql<{
        action: string
        user_id: string
        reason: string
        new_values: unknown
      }>`select action, user_id::text, reason, new_values from audit_logs
          where action like 'auth.impersonation.%' and resource_id = ${w.adminA.userId}
          order by id`.execute(trx)
      return found
    })
    expect(events).toEqual([
      expect.objectContaining({
        action: 'auth.impersonation.started',
        user_id: w.superadmin.userId,
        reason: REASON,
      }),
    ])
    expect(JSON.stringify(events)).not.toContain(accessToken)

    // Tampering with the recorded impersonator breaks the chain.
    await w.t.host.platform.database.withMigrationLock((owner) =>
      sql`update audit_logs set assumed_by = null where request_id = ${edit.headers.get('x-request-id')} and action = 'update'`.execute(
        owner,
      ),
    )
    const broken = await w.t.host.platform.database.withSettings(ALL_SCOPE, (trx) =>
      verifyAuditChain(trx, w.a.id),
    )
    expect(broken).toMatchObject({ ok: false, firstBroken: { reason: 'changed' } })
  })
})

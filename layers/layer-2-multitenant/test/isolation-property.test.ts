import { sql } from 'kysely'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS, type TestHost } from '@stratum/host-backend/testing'
import { createWorld, uniqueEmail, type World } from './tenancy-harness.ts'

/**
 * The isolation property. Every tenant-scoped route any enabled layer registers (found in the
 * OpenAPI document by its X-Tenant-ID header) is called by tenant A's account admin, in tenant A,
 * with tenant B's ids wherever an id fits. No answer may carry B's data, and B's rows must be
 * exactly as they were. The same routes called with X-Tenant-ID: B must be refused.
 * Routes added by later layers join automatically.
 */

type Schema = { type?: string | string[]; format?: string; properties?: Record<string, Schema>; required?: string[]; enum?: unknown[]; minLength?: number; minimum?: number; items?: Schema; $ref?: string; anyOf?: Schema[]; pattern?: string }
interface Operation { method: string; path: string; params: Array<{ name: string; in: string; schema?: Schema }>; body?: Schema }

async function tenantScopedOperations(t: TestHost): Promise<Operation[]> {
  const doc = (await (await t.request('/api/openapi.json')).json()) as { paths: Record<string, Record<string, { parameters?: Operation['params']; requestBody?: { content?: Record<string, { schema?: Schema }> } }>>; components?: { schemas?: Record<string, Schema> } }
  const deref = (s: Schema | undefined): Schema | undefined => (s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').pop()!] : s)
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? []
      if (!params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'x-tenant-id')) continue
      ops.push({ method: method.toUpperCase(), path, params: params.map((p) => ({ ...p, schema: deref(p.schema) })), body: deref(op.requestBody?.content?.['application/json']?.schema) })
    }
  }
  return ops
}

/** A value that passes the schema, using `id` for every uuid-shaped field. */
function sample(schema: Schema | undefined, id: string, email: string): unknown {
  if (!schema) return undefined
  if (schema.anyOf) return sample(schema.anyOf[0], id, email)
  if (schema.enum) return schema.enum[0]
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, id, email)]))
  }
  if (type === 'array') return [sample(schema.items, id, email)].filter((x) => x !== undefined)
  if (type === 'boolean') return true
  if (type === 'integer' || type === 'number') return Math.max(schema.minimum ?? 1, 1)
  if (schema.format === 'uuid') return id
  if (schema.format === 'email') return email
  if (schema.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString()
  if (schema.pattern?.includes('a-z')) return 'sample-value'.slice(0, Math.max(schema.minLength ?? 1, 6))
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 20))
}

/** Every row of every tenant table that belongs to `tenantId`, read as the owner would see it. */
async function snapshot(w: World, tenantId: string): Promise<Record<string, unknown[]>> {
  const db = w.t.host.platform.database
  const { rows: tables } = await sql<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by 1`.execute(db.db)
  return db.withSettings({ 'app.tenant_id': tenantId }, async (trx) => {
    const out: Record<string, unknown[]> = {}
    for (const { table } of tables) out[table] = (await sql<Record<string, unknown>>`select * from ${sql.table(table)} order by 1, 2`.execute(trx)).rows
    const tenant = await sql`select * from tenants where id = ${tenantId}`.execute(trx)
    out.tenants = tenant.rows
    return out
  })
}

/** Every uuid value in B's rows: the ids an attacker in A would try. */
function idsIn(snap: Record<string, unknown[]>): string[] {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
  const ids = new Set<string>()
  for (const rows of Object.values(snap)) for (const row of rows as Record<string, unknown>[]) for (const v of Object.values(row)) if (typeof v === 'string' && uuid.test(v)) ids.add(v)
  return [...ids]
}

describe.each(TEST_TARGETS)('tenant isolation property on %s', (target) => {
  let w: World
  let ops: Operation[]
  let before: Record<string, unknown[]>
  let bIds: string[]
  let bSecrets: string[]

  beforeAll(async () => {
    w = await createWorld(target)
    // Give B some of everything: a custom role, an invite, a policy.
    const roles = (await (await w.json('GET', '/api/tenants/roles', w.adminB, w.b.slug)).json()) as { roles: Array<{ id: string; key: string }> }
    await w.json('POST', '/api/tenants/roles', w.adminB, w.b.slug, { key: 'b-secret-role', name: 'B secret role', permissions: ['user.view'] })
    await w.json('POST', '/api/tenants/invites', w.adminB, w.b.slug, { email: uniqueEmail('b-invitee'), roleId: roles.roles.find((r) => r.key === 'viewer')!.id })
    await w.json('POST', '/api/tenants/policies', w.adminB, w.b.slug, { userId: w.adminB.userId, resourceType: 'client', resourceId: crypto.randomUUID(), canEdit: true })
    ops = await tenantScopedOperations(w.t)
    before = await snapshot(w, w.b.id)
    bIds = idsIn(before)
    bSecrets = [w.adminB.email, 'b-secret-role', 'B secret role']
  })
  afterAll(() => w?.t.close())

  it('finds the tenant-scoped routes of every enabled layer', () => {
    expect(ops.length).toBeGreaterThanOrEqual(12)
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(expect.arrayContaining(['GET /api/tenants/members', 'DELETE /api/tenants/roles/{id}', 'PATCH /api/tenants/members/{userId}']))
  })

  it("refuses every tenant-scoped route to A's admin naming tenant B", async () => {
    for (const op of ops) {
      const path = op.path.replace(/\{(\w+)\}/g, () => bIds[0]!)
      const query = op.params.filter((p) => p.in === 'query').map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, bIds[0]!, 'x@example.test')))}`).join('&')
      const res = await w.json(op.method, `${path}${query ? `?${query}` : ''}`, w.adminA, w.b.slug, op.body ? sample(op.body, bIds[0]!, uniqueEmail('probe')) : undefined)
      expect([`${op.method} ${op.path}`, res.status]).toEqual([`${op.method} ${op.path}`, 403])
      expect(((await res.json()) as { code: string }).code).toBe('TENANT_ACCESS_DENIED')
    }
  })

  it("never returns B's data to A's admin using B's ids inside tenant A, and leaves B unchanged", async () => {
    let calls = 0
    for (const op of ops) {
      const takesId = /\{\w+\}/.test(op.path) || JSON.stringify(op.body ?? {}).includes('uuid') || op.params.some((p) => p.in === 'query' && p.schema?.format === 'uuid')
      for (const id of takesId ? bIds : [bIds[0]!]) {
        const path = op.path.replace(/\{(\w+)\}/g, () => id)
        const query = op.params.filter((p) => p.in === 'query').map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, id, 'x@example.test')))}`).join('&')
        const url = `${path}${query ? `?${query}` : ''}`
        const res = await w.json(op.method, url, w.adminA, w.a.slug, op.body ? sample(op.body, id, uniqueEmail('probe')) : undefined)
        calls++
        const text = await res.text()
        const label = `${op.method} ${url} → ${res.status}`
        // Ids we sent may be echoed back; any other id or secret of B may not appear.
        const leaked = [...bIds.filter((b) => b !== id), ...bSecrets].filter((secret) => text.includes(secret))
        expect([label, leaked]).toEqual([label, []])
        if (/\{\w+\}/.test(op.path)) expect([label, [400, 403, 404, 409].includes(res.status)]).toEqual([label, true])
      }
    }
    expect(calls).toBeGreaterThan(ops.length)
    expect(await snapshot(w, w.b.id)).toEqual(before)
  })
})

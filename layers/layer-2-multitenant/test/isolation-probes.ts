import { sql } from 'kysely'
import type { TestHost } from '@stratum/host-backend/testing'
import { uniqueEmail, type World } from './tenancy-harness.ts'

/**
 * Probes of the isolation property test, shared by every layer that adds tenant-scoped routes:
 * the routes come from the OpenAPI document (their X-Tenant-ID header), the ids from the catalog.
 */

type Schema = {
  type?: string | string[]
  format?: string
  properties?: Record<string, Schema>
  required?: string[]
  enum?: unknown[]
  minLength?: number
  minimum?: number
  items?: Schema
  $ref?: string
  anyOf?: Schema[]
  pattern?: string
}
export interface Operation {
  method: string
  path: string
  params: Array<{ name: string; in: string; schema?: Schema }>
  body?: Schema
}

/** Every operation in the OpenAPI document that declares the X-Tenant-ID header. */
export async function tenantScopedOperations(t: TestHost): Promise<Operation[]> {
  const doc = (await (await t.request('/api/openapi.json')).json()) as {
    paths: Record<
      string,
      Record<
        string,
        {
          parameters?: Operation['params']
          requestBody?: { content?: Record<string, { schema?: Schema }> }
        }
      >
    >
    components?: { schemas?: Record<string, Schema> }
  }
  const deref = (s: Schema | undefined): Schema | undefined =>
    s?.$ref ? doc.components?.schemas?.[s.$ref.split('/').pop()!] : s
  const ops: Operation[] = []
  for (const [path, methods] of Object.entries(doc.paths)) {
    for (const [method, op] of Object.entries(methods)) {
      const params = op.parameters ?? []
      if (!params.some((p) => p.in === 'header' && p.name.toLowerCase() === 'x-tenant-id')) continue
      ops.push({
        method: method.toUpperCase(),
        path,
        params: params.map((p) => ({ ...p, schema: deref(p.schema) })),
        body: deref(op.requestBody?.content?.['application/json']?.schema),
      })
    }
  }
  return ops
}

/** A value that passes the schema, using `id` for every uuid-shaped field. */
export function sample(schema: Schema | undefined, id: string, email: string): unknown {
  if (!schema) return undefined
  if (schema.anyOf) return sample(schema.anyOf[0], id, email)
  if (schema.enum) return schema.enum[0]
  const type = Array.isArray(schema.type) ? schema.type.find((x) => x !== 'null') : schema.type
  if (type === 'object' || schema.properties) {
    return Object.fromEntries(
      Object.entries(schema.properties ?? {}).map(([k, v]) => [k, sample(v, id, email)]),
    )
  }
  if (type === 'array') return [sample(schema.items, id, email)].filter((x) => x !== undefined)
  if (type === 'boolean') return true
  if (type === 'integer' || type === 'number') return Math.max(schema.minimum ?? 1, 1)
  if (schema.format === 'uuid') return id
  if (schema.format === 'email') return email
  if (schema.format === 'date-time') return new Date(Date.now() + 3_600_000).toISOString()
  if (schema.pattern?.includes('a-z'))
    return 'sample-value'.slice(0, Math.max(schema.minLength ?? 1, 6))
  return 'x'.repeat(Math.max(schema.minLength ?? 1, 20))
}

/** Every row of every tenant table that belongs to `tenantId`, read as the owner would see it. */
export async function snapshot(w: World, tenantId: string): Promise<Record<string, unknown[]>> {
  const db = w.t.host.platform.database
  const { rows: tables } = await sql<{ table: string }>`
    select c.relname as table from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname = 'public' and c.relkind = 'r'
      and exists (select 1 from pg_attribute a where a.attrelid = c.oid and a.attname = 'tenant_id' and not a.attisdropped)
    order by 1`.execute(db.db)
  return db.withSettings({ 'app.tenant_id': tenantId }, async (trx) => {
    const out: Record<string, unknown[]> = {}
    // Row-level security alone scopes the tenant tables; the filter is for platform tables
    // (run-time layer switches) that keep a row per tenant without it.
    for (const { table } of tables)
      out[table] = (
        await sql<Record<string, unknown>>`select * from ${sql.table(table)}
          where tenant_id = ${tenantId} order by 1, 2`.execute(trx)
      ).rows
    const tenant = await sql`select * from tenants where id = ${tenantId}`.execute(trx)
    out.tenants = tenant.rows
    return out
  })
}

/** Every uuid value in B's rows: the ids an attacker in A would try. */
export function idsIn(snap: Record<string, unknown[]>): string[] {
  const uuid = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i
  const ids = new Set<string>()
  for (const rows of Object.values(snap))
    for (const row of rows as Record<string, unknown>[])
      for (const v of Object.values(row)) if (typeof v === 'string' && uuid.test(v)) ids.add(v)
  return [...ids]
}

/** Does the operation take an id anywhere (path, body or query)? Those are probed with every id. */
export const takesId = (op: Operation): boolean =>
  /\{\w+\}/.test(op.path) ||
  JSON.stringify(op.body ?? {}).includes('uuid') ||
  op.params.some((p) => p.in === 'query' && p.schema?.format === 'uuid')

/**
 * Calls one operation as `who` in `tenant`, with `id` in every path parameter and uuid field, and
 * sample values elsewhere.
 */
export async function probeRequest(
  w: World,
  op: Operation,
  id: string,
  who: World['adminA'],
  tenant: string,
): Promise<{ url: string; res: Response }> {
  const path = op.path.replace(/\{(\w+)\}/g, () => id)
  const query = op.params
    .filter((p) => p.in === 'query')
    .map((p) => `${p.name}=${encodeURIComponent(String(sample(p.schema, id, 'x@example.test')))}`)
    .join('&')
  const url = `${path}${query ? `?${query}` : ''}`
  const body = op.body ? sample(op.body, id, uniqueEmail('probe')) : undefined
  return { url, res: await w.json(op.method, url, who, tenant, body) }
}

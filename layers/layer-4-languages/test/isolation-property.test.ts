import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { TEST_TARGETS } from '@stratum/host-backend/testing'
import {
  sample,
  snapshot,
  tenantScopedOperations,
  type Operation,
} from '@stratum/layer-multitenant/testing'
import type { TranslationResponse } from '../src/shared/index.ts'
import { body, createLanguagesWorld, putValue, type World } from './languages-harness.ts'

const SECRET = 'B secret wording'

/**
 * Layer 2's isolation property for this layer's routes (found in the OpenAPI document by their
 * X-Tenant-ID header): tenant A's account admin calls each one naming tenant B (in the header, in
 * the `tenant` field, and with B's row id in the path), then inside A with B named in the fields.
 * B's wording never comes back, B's rows stay exactly as they were, and naming B is refused.
 */
describe.each(TEST_TARGETS)('languages tenant isolation property on %s', (target) => {
  let w: World
  let ops: Operation[]
  let bRow: string
  let before: Record<string, unknown[]>

  /** A request for `op` with tenant B wherever a tenant, an id or a key fits. */
  const probe = (op: Operation, header: string) => {
    const fill = (name: string, value: unknown): unknown => {
      if (name === 'tenant') return w.b.id
      if (name === 'locale' || name === 'code') return 'pt-BR'
      if (name === 'namespace') return 'authenticated'
      if (name === 'key')
        return op.path.includes('/api/i18n/') ? 'authenticated.nav.clients' : 'nav.clients'
      if (name === 'value') return 'Taken over'
      if (name === 'csv')
        return `namespace,key,locale,value\nauthenticated,nav.clients,pt-BR,Taken over`
      if (name === 'version') return 1
      return value
    }
    const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
      name === 'id' ? bRow : String(fill(name, '')),
    )
    const query = op.params
      .filter((p) => p.in === 'query')
      .map(
        (p) =>
          `${p.name}=${encodeURIComponent(String(fill(p.name, sample(p.schema, bRow, 'x@example.test'))))}`,
      )
      .join('&')
    const raw = op.body
      ? (sample(op.body, bRow, 'x@example.test') as Record<string, unknown>)
      : undefined
    const json = raw && Object.fromEntries(Object.entries(raw).map(([k, v]) => [k, fill(k, v)]))
    const url = `${path}${query ? `?${query}` : ''}`
    return w.json(op.method, url, w.adminA, header, json)
  }

  beforeAll(async () => {
    w = await createLanguagesWorld(target)
    const created = await putValue(w, w.adminB, {
      locale: 'pt-BR',
      namespace: 'authenticated',
      key: 'nav.clients',
      value: SECRET,
      tenant: w.b.id,
    })
    expect(created.status).toBe(200)
    bRow = (await body<TranslationResponse>(created)).item.id!
    ops = (await tenantScopedOperations(w.t)).filter(
      (op) => op.path.startsWith('/api/i18n/') || op.path.startsWith('/api/admin/languages/'),
    )
    before = await snapshot(w, w.b.id)
    expect(before.i18n_translations).toHaveLength(1)
  })
  afterAll(() => w?.t.close())

  it('finds the tenant-aware routes of the layer', () => {
    expect(ops.map((o) => `${o.method} ${o.path}`)).toEqual(
      expect.arrayContaining([
        'GET /api/i18n/translations/{locale}',
        'GET /api/i18n/translations/{locale}/{key}',
        'GET /api/admin/languages/translations',
        'PUT /api/admin/languages/translations',
        'DELETE /api/admin/languages/translations/{id}',
        'GET /api/admin/languages/translations/{id}/history',
        'POST /api/admin/languages/translations/{id}/rollback',
        'GET /api/admin/languages/coverage',
        'GET /api/admin/languages/export.csv',
        'POST /api/admin/languages/import',
      ]),
    )
  })

  it("refuses A's admin naming tenant B, and leaks nothing of B's", async () => {
    for (const op of ops) {
      const res = await probe(op, w.b.slug)
      const text = await res.text()
      const label = `${op.method} ${op.path}`
      expect([label, res.status, text.includes(SECRET)]).toEqual([label, 403, false])
      expect(JSON.parse(text)).toMatchObject({ code: 'TENANT_ACCESS_DENIED' })
    }
    expect(await snapshot(w, w.b.id)).toEqual(before)
  })

  it("never serves or changes B's rows to A's admin inside A with B's id and tenant in the fields", async () => {
    for (const op of ops) {
      const res = await probe(op, w.a.slug)
      const text = await res.text()
      const label = `${op.method} ${op.path} → ${res.status}`
      expect([label, text.includes(SECRET), res.status < 500]).toEqual([label, false, true])
      // A B id in the path or a B tenant in the fields is never acted on.
      if (/\{id\}/.test(op.path) || op.method !== 'GET')
        expect([label, [400, 403, 404, 409, 422].includes(res.status)]).toEqual([label, true])
    }
    expect(await snapshot(w, w.b.id)).toEqual(before)
    // B itself still gets its wording.
    const own = await w.json('GET', '/api/i18n/translations/pt-BR', w.adminB, w.b.slug)
    expect(await own.text()).toContain(SECRET)
  })
})

import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import type { Kysely } from 'kysely'
import { BOM, parseCsv } from '@stratum/layer-core/server'
import type { Client, Project, Report } from '../shared/index.ts'
import { body, createAppWorld, type World } from '../../test/app-harness.ts'
import type { AuthenticatedDatabase } from './tables.ts'

/** `YYYY-MM` of the UTC month `back` months before this one. */
const monthOf = (back: number) => {
  const now = new Date()
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - back, 15))
    .toISOString()
    .slice(0, 7)
}

describe('reports on postgres', () => {
  let w: World
  beforeAll(async () => {
    w = await createAppWorld('postgres')
  })
  afterAll(() => w?.t.close())

  it('counts live clients and projects per month and by status, in the tenant only, and exports CSV', async () => {
    const post = async <T>(path: string, fields: Record<string, unknown>, tenant = w.a.slug) => {
      const res = await w.json(
        'POST',
        path,
        tenant === w.a.slug ? w.adminA : w.adminB,
        tenant,
        fields,
      )
      expect(res.status).toBe(201)
      return body<T>(res)
    }
    const now = await post<Client>('/api/app/clients', { name: 'Report Now' })
    const old = await post<Client>('/api/app/clients', { name: '=Report Old' })
    const projects: Project[] = []
    for (const [name, status, clientId] of [
      ['R planned', 'planned', now.id],
      ['R active', 'active', now.id],
      ['R done old', 'done', old.id],
      ['R gone', 'active', now.id],
    ] as const)
      projects.push(await post<Project>('/api/app/projects', { name, status, clientId }))
    await w.json('DELETE', `/api/app/projects/${projects[3]!.id}`, w.adminA, w.a.slug)
    await post<Client>('/api/app/clients', { name: 'Other tenant' }, w.b.slug)
    // Two months back: the old client and its project.
    const twoMonthsAgo = new Date(`${monthOf(2)}-10T12:00:00Z`)
    await w.t.host.platform.database.withSettings({ 'app.tenant_id': w.a.id }, async (raw) => {
      const trx = raw as Kysely<AuthenticatedDatabase>
      await trx
        .updateTable('app_clients')
        .set({ created_at: twoMonthsAgo })
        .where('id', '=', old.id)
        .execute()
      await trx
        .updateTable('app_projects')
        .set({ created_at: twoMonthsAgo })
        .where('id', '=', projects[2]!.id)
        .execute()
    })

    const res = await w.json('GET', '/api/app/reports?months=3', w.viewerA, w.a.slug)
    expect(res.status).toBe(200)
    const report = await body<Report>(res)
    expect(report.months).toEqual([
      { month: monthOf(2), clients: 1, projects: 1, planned: 0, active: 0, done: 1 },
      { month: monthOf(1), clients: 0, projects: 0, planned: 0, active: 0, done: 0 },
      { month: monthOf(0), clients: 1, projects: 2, planned: 1, active: 1, done: 0 },
    ])
    expect(report.totals).toEqual({ clients: 2, projects: 3, planned: 1, active: 1, done: 1 })
    const full = await body<Report>(await w.json('GET', '/api/app/reports', w.viewerA, w.a.slug))
    expect(full.months).toHaveLength(12)
    const other = await body<Report>(await w.json('GET', '/api/app/reports', w.adminB, w.b.slug))
    expect(other.totals).toMatchObject({ clients: 1, projects: 0 })

    // Viewers see the report; exporting it takes report.export.
    const refused = await w.json('GET', '/api/app/reports/export.csv', w.viewerA, w.a.slug)
    expect([refused.status, (await body(refused)).code]).toEqual([403, 'PERMISSION_DENIED'])
    const exported = await w.json('GET', '/api/app/reports/export.csv?months=3', w.adminA, w.a.slug)
    expect(exported.status).toBe(200)
    expect(exported.headers.get('content-type')).toBe('text/csv; charset=utf-8')
    expect(exported.headers.get('content-disposition')).toBe(
      `attachment; filename="report-${w.a.slug}.csv"`,
    )
    // `text()` would drop the BOM: read the bytes.
    const bytes = new Uint8Array(await exported.arrayBuffer())
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf])
    const text = new TextDecoder('utf-8', { ignoreBOM: true }).decode(bytes)
    expect(text.startsWith(BOM)).toBe(true)
    expect(parseCsv(text).map((r) => r.cells)).toEqual([
      [
        'month',
        'new_clients',
        'new_projects',
        'projects_planned',
        'projects_active',
        'projects_done',
      ],
      [monthOf(2), '1', '1', '0', '0', '1'],
      [monthOf(1), '0', '0', '0', '0', '0'],
      [monthOf(0), '1', '2', '1', '1', '0'],
    ])

    for (const bad of ['0', '37', 'many', '1.5']) {
      const r = await w.json('GET', `/api/app/reports?months=${bad}`, w.adminA, w.a.slug)
      expect([bad, r.status, (await body(r)).code]).toEqual([bad, 400, 'VALIDATION_FAILED'])
    }
    const outsider = await w.json('GET', '/api/app/reports', w.adminB, w.a.slug)
    expect(outsider.status).toBe(403)
  })
})

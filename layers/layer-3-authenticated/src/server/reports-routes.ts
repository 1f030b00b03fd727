import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { sql } from 'kysely'
import { audit, createRouter, errorResponse, jsonResponse, toCsv } from '@stratum/layer-core/server'
import { tenantHeaders } from '@stratum/layer-multitenant/server'
import {
  REPORT_CSV_COLUMNS,
  reportQuerySchema,
  reportSchema,
  type Report,
  type ReportMonth,
} from '../shared/report-schemas.ts'
import { denied, readScoped, scoped } from './item-routes.ts'
import { tags } from './openapi-tags.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantTransaction } from './tenant-transaction.ts'

type Counts = Omit<ReportMonth, 'month'>
const invalid = errorResponse('Invalid query (details.fields)')

/**
 * Every month of the range with its counts, and the totals: two statements in the request's
 * tenant transaction (row-level security applies), counted by PostgreSQL. Months are UTC.
 */
async function buildReport(deps: RouteDeps, c: Context, months: number): Promise<Report> {
  const db = tenantTransaction(deps, c)
  const tenantId = deps.tenantDb.context(c).tenant.id
  const { rows } = await sql<{ month: string } & Record<keyof Counts, string>>`
    with range as (
      select generate_series(
        date_trunc('month', now() at time zone 'UTC') - make_interval(months => ${months - 1}),
        date_trunc('month', now() at time zone 'UTC'),
        interval '1 month'
      ) as start
    ),
    c as (
      select date_trunc('month', created_at at time zone 'UTC') as start, count(*) as clients
      from app_clients where tenant_id = ${tenantId} and deleted_at is null group by 1
    ),
    p as (
      select date_trunc('month', created_at at time zone 'UTC') as start,
        count(*) as projects,
        count(*) filter (where status = 'planned') as planned,
        count(*) filter (where status = 'active') as active,
        count(*) filter (where status = 'done') as done
      from app_projects where tenant_id = ${tenantId} and deleted_at is null group by 1
    )
    select to_char(range.start, 'YYYY-MM') as month,
      coalesce(c.clients, 0) as clients, coalesce(p.projects, 0) as projects,
      coalesce(p.planned, 0) as planned, coalesce(p.active, 0) as active,
      coalesce(p.done, 0) as done
    from range left join c using (start) left join p using (start)
    order by range.start`.execute(db)
  const totals = await sql<Record<keyof Counts, string>>`
    select
      (select count(*) from app_clients where tenant_id = ${tenantId} and deleted_at is null) as clients,
      count(*) as projects,
      count(*) filter (where status = 'planned') as planned,
      count(*) filter (where status = 'active') as active,
      count(*) filter (where status = 'done') as done
    from app_projects where tenant_id = ${tenantId} and deleted_at is null`.execute(db)
  const counts = (r: Record<keyof Counts, string>): Counts => ({
    clients: Number(r.clients),
    projects: Number(r.projects),
    planned: Number(r.planned),
    active: Number(r.active),
    done: Number(r.done),
  })
  return {
    months: rows.map((r) => ({ month: r.month, ...counts(r) })),
    totals: counts(totals.rows[0]!),
  }
}

/** `GET /api/app/reports` (report.view) and `GET /api/app/reports/export.csv` (report.export). */
export function reportsRoutes(deps: RouteDeps) {
  const report = createRoute({
    method: 'get',
    path: '/reports',
    tags,
    summary: 'Live clients and projects per month (created in it) and by status',
    request: { headers: tenantHeaders, query: reportQuerySchema },
    middleware: readScoped(deps, 'report.view'),
    responses: { 200: jsonResponse(reportSchema, 'The report'), 400: invalid, 403: denied },
  })
  const exportCsv = createRoute({
    method: 'get',
    path: '/reports/export.csv',
    tags,
    summary: 'The monthly report as CSV (UTF-8 with BOM, formula cells neutralised)',
    request: { headers: tenantHeaders, query: reportQuerySchema },
    middleware: scoped(deps, 'report.export'),
    responses: {
      200: { description: 'CSV', content: { 'text/csv': { schema: { type: 'string' } } } },
      400: invalid,
      403: denied,
    },
  })
  return createRouter()
    .openapi(report, async (c) => {
      const body = await buildReport(deps, c, c.req.valid('query').months)
      return c.json(body, 200)
    })
    .openapi(exportCsv, async (c) => {
      const { months } = c.req.valid('query')
      const { months: rows } = await buildReport(deps, c, months)
      const csv = toCsv([
        [...REPORT_CSV_COLUMNS],
        ...rows.map((r) =>
          [r.month, r.clients, r.projects, r.planned, r.active, r.done].map(String),
        ),
      ])
      // An export carries tenant data out of the app: the audit trail says who took what.
      await audit(c, { action: 'authenticated.report.exported', after: { months } })
      const slug = deps.tenantDb.context(c).tenant.slug
      c.header('content-type', 'text/csv; charset=utf-8')
      c.header('content-disposition', `attachment; filename="report-${slug}.csv"`)
      c.header('cache-control', 'no-store')
      return c.body(csv, 200)
    })
}

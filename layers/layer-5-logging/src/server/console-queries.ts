import { sql, type Kysely, type SelectQueryBuilder } from 'kysely'
import type { z } from 'zod'
import type { auditQuerySchema } from '../shared/audit-schemas.ts'
import type { logQuerySchema } from '../shared/log-schemas.ts'
import type { metricQuerySchema, metricSummaryQuerySchema } from '../shared/metric-schemas.ts'
import type { MetricSummary } from '../shared/metric-schemas.ts'
import { decodeCursor, pageOf, toAuditItem, toLogItem, toMetricItem } from './admin-rows.ts'
import type { LoggingDatabase } from './tables.ts'

type Db = Kysely<LoggingDatabase>

/** The logs list counts matching rows up to this many, then says "more than". */
export const TOTAL_CAP = 10_000
type Page = { limit: number; offset: number; cursor?: string | undefined }
type Range = { from?: string | undefined; to?: string | undefined }

/** `text` as an ILIKE pattern matching it as a substring (`%`, `_`, `\` match themselves). */
const contains = (text: string) => `%${text.replace(/[\\%_]/g, '\\$&')}%`

/** The date range of a list query. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function ranged<Q extends SelectQueryBuilder<LoggingDatabase, any, any>>(
  query: Q,
  range: Range,
): Q {
  let q = query
  if (range.from) q = q.where('timestamp', '>=', new Date(range.from)) as Q
  if (range.to) q = q.where('timestamp', '<', new Date(range.to)) as Q
  return q
}

/** Date range, keyset or offset paging, newest first; one row more than asked says "next". */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
function paged<Q extends SelectQueryBuilder<LoggingDatabase, any, any>>(
  query: Q,
  page: Page & Range,
): Q {
  let q = ranged(query, page)
  const after = decodeCursor(page.cursor)
  if (after) q = q.where('id', '<', after) as Q
  else if (page.offset > 0) q = q.offset(page.offset) as Q
  return q.orderBy('id', 'desc').limit(page.limit + 1) as Q
}

export async function findLogs(db: Db, query: z.output<typeof logQuerySchema>) {
  let q = db.selectFrom('logs').selectAll()
  if (query.level) q = q.where('level', '=', query.level)
  if (query.userId) q = q.where('user_id', '=', query.userId)
  if (query.tenantId) q = q.where('tenant_id', '=', query.tenantId)
  if (query.requestId) q = q.where('request_id', '=', query.requestId)
  if (query.source) q = q.where('source', '=', query.source)
  if (query.q) q = q.where('message', 'ilike', contains(query.q))
  const rows = await paged(q, query).execute()
  const page = pageOf(rows.map(toLogItem), query.limit, (item) => item.id)
  // Counted once, on the first page of a list (a keyset page is a continuation of it), and only
  // up to a cap: an exact count of millions of rows would cost more than the page.
  if (query.cursor) return page
  const counted = await db
    .selectFrom(
      ranged(q, query)
        .clearSelect()
        .select(sql`1`.as('one'))
        .limit(TOTAL_CAP + 1)
        .as('x'),
    )
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .executeTakeFirstOrThrow()
  const total = Number(counted.n)
  return total > TOTAL_CAP
    ? { ...page, total: TOTAL_CAP, totalIsAtLeast: true }
    : { ...page, total }
}

export type AuditFilter = Partial<z.output<typeof auditQuerySchema>> & Page & Range

export async function findAudit(db: Db, query: AuditFilter) {
  let q = db.selectFrom('audit_logs').selectAll()
  if (query.userId) q = q.where('user_id', '=', query.userId)
  if (query.tenantId) q = q.where('tenant_id', '=', query.tenantId)
  if (query.action) q = q.where('action', '=', query.action)
  if (query.resourceType) q = q.where('resource_type', '=', query.resourceType)
  if (query.resourceId) q = q.where('resource_id', '=', query.resourceId)
  if (query.requestId) q = q.where('request_id', '=', query.requestId)
  if (query.q) {
    const pattern = contains(query.q)
    q = q.where((eb) =>
      eb.or([
        eb('action', 'ilike', pattern),
        eb('resource_id', 'ilike', pattern),
        eb('reason', 'ilike', pattern),
        eb(sql<string>`new_values::text`, 'ilike', pattern),
      ]),
    )
  }
  const rows = await paged(q, query).execute()
  return pageOf(rows.map(toAuditItem), query.limit, (item) => item.id)
}

export async function findMetrics(db: Db, query: z.output<typeof metricQuerySchema>) {
  let q = db.selectFrom('performance_metrics').selectAll()
  if (query.endpoint) q = q.where('endpoint', '=', query.endpoint)
  const rows = await paged(q, query).execute()
  return pageOf(rows.map(toMetricItem), query.limit, (item) => item.id)
}

const ms = (value: unknown) => Math.round(Number(value ?? 0) * 100) / 100

/**
 * Per route over the window (count, share of 5xx, p50/p95/p99 with `percentile_cont`), slowest
 * p95 first, and the same per time bucket. The window defaults to the last hour.
 */
export async function summarizeMetrics(
  db: Db,
  query: z.output<typeof metricSummaryQuerySchema>,
): Promise<MetricSummary> {
  const to = query.to ? new Date(query.to) : new Date()
  const from = query.from ? new Date(query.from) : new Date(to.getTime() - 3_600_000)
  const window = sql`timestamp >= ${from} and timestamp < ${to}`
  const stats = sql`count(*)::int as count,
    count(*) filter (where status_code >= 500)::int as errors,
    percentile_cont(0.5) within group (order by duration_ms) as p50,
    percentile_cont(0.95) within group (order by duration_ms) as p95,
    percentile_cont(0.99) within group (order by duration_ms) as p99`
  type Stats = { count: number; errors: number; p50: number; p95: number; p99: number }
  const routes = await sql<Stats & { method: string; endpoint: string }>`
    select method, endpoint, ${stats} from performance_metrics where ${window}
    group by method, endpoint order by p95 desc limit 200`.execute(db)
  const series = await sql<Stats & { at: Date }>`
    select date_trunc(${query.bucket}, timestamp) as at, ${stats} from performance_metrics
    where ${window} group by 1 order by 1`.execute(db)
  const pct = (r: Stats) => ({ p50: ms(r.p50), p95: ms(r.p95), p99: ms(r.p99) })
  return {
    routes: routes.rows.map((r) => ({
      method: r.method,
      endpoint: r.endpoint,
      count: r.count,
      errorRate: r.count > 0 ? r.errors / r.count : 0,
      ...pct(r),
    })),
    series: series.rows.map((r) => ({
      at: new Date(r.at).toISOString(),
      count: r.count,
      errors: r.errors,
      ...pct(r),
    })),
  }
}

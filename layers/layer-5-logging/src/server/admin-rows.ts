import { AppError } from '@stratum/layer-core/server'
import type { AuditItem } from '../shared/audit-schemas.ts'
import { LoggingErrorCode } from '../shared/errors.ts'
import type { LogItem } from '../shared/log-schemas.ts'
import type { MetricItem } from '../shared/metric-schemas.ts'
import type { LoggingDatabase } from './tables.ts'

type Row<T extends keyof LoggingDatabase> = {
  [K in keyof LoggingDatabase[T]]: unknown
}

const iso = (value: unknown) => new Date(value as string).toISOString()
const str = (value: unknown) => (value === null || value === undefined ? null : String(value))
const num = (value: unknown) => (value === null || value === undefined ? null : Number(value))
const json = (value: unknown) =>
  (typeof value === 'string' ? JSON.parse(value) : (value ?? null)) as Record<
    string,
    unknown
  > | null

/** A keyset cursor: the last id of the page, base64url. */
export const encodeCursor = (id: unknown) => Buffer.from(String(id)).toString('base64url')

/** The id a cursor stands for; 400 when it was not made by {@link encodeCursor}. */
export function decodeCursor(cursor: string | undefined): string | undefined {
  if (cursor === undefined) return undefined
  const id = Buffer.from(cursor, 'base64url').toString()
  if (!/^\d{1,19}$/.test(id))
    throw new AppError(400, LoggingErrorCode.INVALID_CURSOR, 'Use the nextCursor of a page.')
  return id
}

/** The page and, when one more row exists, the cursor of the next page. */
export function pageOf<T>(rows: T[], limit: number, id: (row: T) => unknown) {
  const items = rows.slice(0, limit)
  const last = items.at(-1)
  return rows.length > limit && last !== undefined
    ? { items, nextCursor: encodeCursor(id(last)) }
    : { items }
}

export const toLogItem = (r: Row<'logs'>): LogItem => ({
  id: String(r.id),
  level: r.level as LogItem['level'],
  message: String(r.message),
  timestamp: iso(r.timestamp),
  userId: str(r.user_id),
  ...(r.assumed_by ? { assumedBy: String(r.assumed_by) } : {}),
  tenantId: str(r.tenant_id),
  sessionId: str(r.session_id),
  requestId: str(r.request_id),
  ipAddress: str(r.ip_address),
  userAgent: str(r.user_agent),
  url: str(r.url),
  context: json(r.context),
  stackTrace: str(r.stack_trace),
  durationMs: num(r.duration_ms),
  source: r.source as LogItem['source'],
})

/** The `name` a row change or event carries in its values (clients, projects, roles, tenants). */
const nameIn = (...values: (Record<string, unknown> | null)[]) => {
  const name = values.map((v) => v?.['name']).find((n) => typeof n === 'string' && n !== '')
  return typeof name === 'string' ? { resourceName: name } : {}
}

export const toAuditItem = (r: Row<'audit_logs'>): AuditItem => ({
  ...nameIn(json(r.new_values), json(r.old_values)),
  id: String(r.id),
  timestamp: iso(r.timestamp),
  userId: str(r.user_id),
  tenantId: str(r.tenant_id),
  action: String(r.action),
  ...(r.assumed_by ? { assumedBy: String(r.assumed_by) } : {}),
  resourceType: str(r.resource_type),
  resourceId: str(r.resource_id),
  oldValues: json(r.old_values),
  newValues: json(r.new_values),
  changedFields: (r.changed_fields as string[] | null) ?? [],
  ipAddress: str(r.ip_address),
  userAgent: str(r.user_agent),
  requestId: str(r.request_id),
  reason: str(r.reason),
})

export const toMetricItem = (r: Row<'performance_metrics'>): MetricItem => ({
  id: String(r.id),
  timestamp: iso(r.timestamp),
  method: String(r.method),
  endpoint: String(r.endpoint),
  statusCode: Number(r.status_code),
  durationMs: Number(r.duration_ms),
  dbQueryCount: Number(r.db_query_count),
  dbQueryDurationMs: Number(r.db_query_duration_ms),
  userId: str(r.user_id),
  tenantId: str(r.tenant_id),
  requestId: str(r.request_id),
})

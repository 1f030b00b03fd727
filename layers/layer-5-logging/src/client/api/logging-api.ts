import type { ApiClient, QueryValue } from '@stratum/layer-core/client'
// Types only: `import type` keeps zod out of the layer's chunks.
import type { AuditPage, AuditQuery, AuditVerify } from '../../shared/audit-schemas.ts'
import type { LogPage, LogQuery } from '../../shared/log-schemas.ts'
import type {
  MetricPage,
  MetricQuery,
  MetricSummary,
  MetricSummaryQuery,
} from '../../shared/metric-schemas.ts'
import type { Trace } from '../../shared/trace-schemas.ts'

/** The layer's admin router (`/api/admin/<layer id>`). */
export const LOGGING_ADMIN_PATH = '/api/admin/logging'

/** A list query as the consoles build it: page size and offset as numbers (the URL carries text). */
export type ConsoleQuery<Q> = Omit<Q, 'limit' | 'offset'> & { limit?: number; offset?: number }
export type LogFilters = ConsoleQuery<LogQuery>
export type AuditFilters = ConsoleQuery<AuditQuery>
export type MetricFilters = ConsoleQuery<MetricQuery>

type Query = Readonly<Record<string, QueryValue>>
/** Empty strings are filters the user left blank: they are not sent. */
const compact = (query: object): Query =>
  Object.fromEntries(Object.entries(query).filter(([, v]) => v !== undefined && v !== '')) as Query

/** The consoles' endpoints over the app's one API client. */
export const loggingAdminApi = (api: ApiClient) => ({
  logs: (query: LogFilters = {}) =>
    api.get<LogPage>(`${LOGGING_ADMIN_PATH}/logs`, { query: compact(query) }),
  audit: (query: AuditFilters = {}) =>
    api.get<AuditPage>(`${LOGGING_ADMIN_PATH}/audit`, { query: compact(query) }),
  resourceAudit: (type: string, id: string, query: AuditFilters = {}) =>
    api.get<AuditPage>(
      `${LOGGING_ADMIN_PATH}/audit/resource/${encodeURIComponent(type)}/${encodeURIComponent(id)}`,
      { query: compact(query) },
    ),
  userAudit: (userId: string, query: AuditFilters = {}) =>
    api.get<AuditPage>(`${LOGGING_ADMIN_PATH}/audit/user/${encodeURIComponent(userId)}`, {
      query: compact(query),
    }),
  verifyAudit: (tenantId?: string) =>
    api.get<AuditVerify>(`${LOGGING_ADMIN_PATH}/audit/verify`, { query: compact({ tenantId }) }),
  metrics: (query: MetricFilters = {}) =>
    api.get<MetricPage>(`${LOGGING_ADMIN_PATH}/metrics`, { query: compact(query) }),
  summary: (query: MetricSummaryQuery = {}) =>
    api.get<MetricSummary>(`${LOGGING_ADMIN_PATH}/metrics/summary`, { query: compact(query) }),
  trace: (requestId: string) =>
    api.get<Trace>(`${LOGGING_ADMIN_PATH}/trace/${encodeURIComponent(requestId)}`),
})

export type LoggingAdminApi = ReturnType<typeof loggingAdminApi>

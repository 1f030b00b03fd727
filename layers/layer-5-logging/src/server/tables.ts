import type { ColumnType, Generated } from 'kysely'

type Json = ColumnType<Record<string, unknown> | null, string | null, string | null>

/** The tables this layer's migrations create (`audit_logs` is written by SQL functions only). */
export interface LoggingDatabase {
  logs: {
    id: Generated<string>
    level: string
    message: string
    timestamp: ColumnType<Date, string | Date, never>
    user_id: string | null
    /** The superadmin acting as `user_id` (impersonation). */
    assumed_by: string | null
    tenant_id: string | null
    session_id: string | null
    request_id: string | null
    ip_address: string | null
    user_agent: string | null
    url: string | null
    context: Json
    stack_trace: string | null
    duration_ms: number | null
    source: 'server' | 'browser'
  }
  audit_logs: {
    id: string
    timestamp: Date
    user_id: string | null
    tenant_id: string | null
    action: string
    resource_type: string | null
    resource_id: string | null
    old_values: Record<string, unknown> | null
    new_values: Record<string, unknown> | null
    changed_fields: string[]
    ip_address: string | null
    user_agent: string | null
    request_id: string | null
    reason: string | null
    /** The superadmin acting as `user_id` (impersonation). */
    assumed_by: string | null
    prev_id: string | null
    prev_hash: string | null
    hash: string
  }
  performance_metrics: {
    id: Generated<string>
    timestamp: ColumnType<Date, string | Date, never>
    method: string
    endpoint: string
    status_code: number
    duration_ms: number
    db_query_count: number
    db_query_duration_ms: number
    user_id: string | null
    tenant_id: string | null
    request_id: string | null
  }
}

/** A `logs` row as the writers queue it. */
export type LogRow = Omit<LoggingDatabase['logs'], 'id' | 'timestamp' | 'context'> & {
  timestamp: string | Date
  context: string | null
}

/** A `performance_metrics` row as the writer queues it. */
export type MetricRow = Omit<LoggingDatabase['performance_metrics'], 'id' | 'timestamp'> & {
  timestamp: Date
}

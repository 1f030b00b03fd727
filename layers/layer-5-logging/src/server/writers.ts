import { sql, type Kysely } from 'kysely'
import { CopyRows, type CopyValue, type Database, type Logger } from '@stratum/layer-core/server'
import { BatchWriter, type BatchShape } from './batch-writer.ts'
import type { LogRow, LoggingDatabase, MetricRow } from './tables.ts'

/** The two batched writers: `logs` rows and `performance_metrics` rows. */
export interface LoggingWriters {
  logs: BatchWriter<LogRow, unknown>
  metrics: BatchWriter<MetricRow, unknown>
}

const LOG_FIELDS = [
  'level',
  'message',
  'timestamp',
  'user_id',
  'assumed_by',
  'tenant_id',
  'session_id',
  'request_id',
  'ip_address',
  'user_agent',
  'url',
  'context',
  'stack_trace',
  'duration_ms',
  'source',
] as const satisfies readonly (keyof LogRow)[]
const METRIC_FIELDS = [
  'timestamp',
  'method',
  'endpoint',
  'status_code',
  'duration_ms',
  'db_query_count',
  'db_query_duration_ms',
  'user_id',
  'tenant_id',
  'request_id',
] as const satisfies readonly (keyof MetricRow)[]

const LOG_COLUMNS = sql`level text, message text, timestamp timestamptz, user_id uuid,
  assumed_by uuid, tenant_id uuid, session_id text, request_id text, ip_address text, user_agent text, url text,
  context text, stack_trace text, duration_ms double precision, source text`
const METRIC_COLUMNS = sql`timestamp timestamptz, method text, endpoint text,
  status_code integer, duration_ms double precision, db_query_count integer,
  db_query_duration_ms double precision, user_id uuid, tenant_id uuid, request_id text`

/** Batches encoded for COPY as rows are pushed: the values in the order of `fields`. */
const copyShape = <T extends object>(fields: readonly (keyof T)[]): BatchShape<T, CopyRows> => ({
  create: () => new CopyRows(),
  add: (batch, row) => batch.add(fields.map((field) => row[field] as CopyValue)),
})

/**
 * Builds the writers. On PostgreSQL each batch is one `COPY … FROM STDIN` (`Database.copyRows`):
 * no statement to parse, no JSON to build and take apart, several times the rows per second of an
 * insert. Its rows are encoded as they are pushed (`CopyRows`), about 2 µs inside each request,
 * rather than all at once when the batch is written: five thousand metric rows took about 5 ms,
 * and every request waiting on the event loop waited as long. On PGlite it is one INSERT … SELECT
 * from `jsonb_to_recordset` of a single parameter: a thousand rows bound as fifteen thousand
 * parameters measured several times slower. A failed
 * batch is reported with `skipDb`, so the database transport never tries to store the news of its
 * own failure.
 */
export function createWriters(
  database: Database,
  logger: Logger,
  maxQueue: number,
): LoggingWriters {
  const db = database.db as Kysely<LoggingDatabase>
  const onError = (table: string) => (error: unknown, rows: number) =>
    logger.warn('log rows lost', {
      table,
      rows,
      error: error instanceof Error ? error.message : String(error),
      skipDb: true,
    })
  const copyRows = database.copyRows?.bind(database)
  // Under load each batch waits a few turns of a busy event loop for its round trips: larger
  // batches, three at a time, keep up with ingestion.
  const logs = { maxQueue, concurrency: 3, onError: onError('logs') }
  const metrics = { maxQueue, onError: onError('performance_metrics') }
  if (copyRows)
    return {
      logs: new BatchWriter<LogRow, CopyRows>({
        ...logs,
        maxBatch: 10_000,
        shape: copyShape(LOG_FIELDS),
        write: (rows) => copyRows('logs', LOG_FIELDS, rows),
      }),
      metrics: new BatchWriter<MetricRow, CopyRows>({
        ...metrics,
        maxBatch: 5_000,
        concurrency: 2,
        shape: copyShape(METRIC_FIELDS),
        write: (rows) => copyRows('performance_metrics', METRIC_FIELDS, rows),
      }),
    }
  // PGlite runs in this thread, and holds the event loop while a statement runs: about 25 µs a
  // metrics row, so a batch of 2,000 held every request for about 50 ms. Batches of 200 cost the
  // same per row and hold it about 5 ms; one at a time, since its one session takes them in turn.
  return {
    logs: new BatchWriter<LogRow>({
      ...logs,
      maxBatch: 200,
      concurrency: 1,
      write: async (rows) => {
        await sql`insert into logs (level, message, timestamp, user_id, assumed_by, tenant_id,
            session_id, request_id, ip_address, user_agent, url, context, stack_trace,
            duration_ms, source)
          select level, message, timestamp, user_id, assumed_by, tenant_id, session_id, request_id,
            ip_address, user_agent, url, context::jsonb, stack_trace, duration_ms, source
          from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as r(${LOG_COLUMNS})`.execute(db)
      },
    }),
    metrics: new BatchWriter<MetricRow>({
      ...metrics,
      maxBatch: 200,
      concurrency: 1,
      write: async (rows) => {
        await sql`insert into performance_metrics (timestamp, method, endpoint, status_code,
            duration_ms, db_query_count, db_query_duration_ms, user_id, tenant_id, request_id)
          select * from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
            as r(${METRIC_COLUMNS})`.execute(db)
      },
    }),
  }
}

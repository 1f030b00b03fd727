import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import {
  AppError,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
  type CacheStore,
  type Logger,
} from '@stratum/layer-core/server'
import { LoggingErrorCode } from '../shared/errors.ts'
import {
  logAcceptedSchema,
  logBatchBodySchema,
  logErrorBodySchema,
  type BrowserLogEntry,
} from '../shared/ingest-schemas.ts'
import { maskPii } from '@stratum/layer-core/shared'
import type { BatchWriter } from './batch-writer.ts'
import { sessionIdentity, type IdentityDeps, type SessionIdentity } from './session-identity.ts'
import type { LogRow } from './tables.ts'

const WINDOW_MS = 60_000

/** What the ingestion routes need. */
export interface IngestDeps extends IdentityDeps {
  cache: CacheStore
  logger: Logger
  logs: BatchWriter<LogRow, unknown>
  /** Entries one address may send per minute. */
  perIpMax: number
  /** Hears each accepted ERROR or FATAL entry (the alert window). */
  onError(count: number): void
}

function toRow(
  entry: BrowserLogEntry,
  sessionId: string,
  who: SessionIdentity,
  c: Context,
): LogRow {
  const context = entry.breadcrumbs
    ? { ...entry.context, breadcrumbs: entry.breadcrumbs }
    : entry.context
  return {
    level: entry.level,
    message: maskPii(entry.message),
    timestamp: entry.timestamp,
    user_id: who.userId ?? null,
    assumed_by: who.assumedBy ?? null,
    tenant_id: who.tenantId ?? null,
    session_id: sessionId,
    request_id: entry.requestId ?? null,
    ip_address: c.get('clientIp') ?? null,
    user_agent: c.req.header('user-agent')?.slice(0, 500) ?? null,
    url: entry.url ? maskPii(entry.url) : null,
    context: context ? maskPii(JSON.stringify(context)) : null,
    stack_trace: entry.stackTrace ? maskPii(entry.stackTrace) : null,
    duration_ms: entry.durationMs ?? null,
    source: 'browser',
  }
}

/**
 * `POST /batch` and `POST /error`: browser entries, signed-out visitors included, within a budget
 * per address. They answer 202 once the entries are queued; the batch writer stores them.
 */
export function ingestRoutes(deps: IngestDeps, tags: string[]) {
  const limited = errorResponse('Too many entries from this address (Retry-After)')
  const batch = createRoute({
    method: 'post',
    path: '/batch',
    tags,
    summary: 'Browser log entries, up to 100 per batch',
    request: { body: jsonBody(logBatchBodySchema) },
    responses: {
      202: jsonResponse(logAcceptedSchema, 'Queued'),
      400: errorResponse('Invalid entries (details.fields)'),
      429: limited,
    },
  })
  const error = createRoute({
    method: 'post',
    path: '/error',
    tags,
    summary: 'One browser error, sent at once',
    request: { body: jsonBody(logErrorBodySchema) },
    responses: {
      202: jsonResponse(logAcceptedSchema, 'Queued'),
      400: errorResponse('Invalid entry (details.fields)'),
      429: limited,
    },
  })

  const admit = async (c: Context, count: number): Promise<void> => {
    const ip = c.get('clientIp') ?? 'unknown'
    let state
    try {
      state = await deps.cache.increment(`logging:ingest:${ip}`, WINDOW_MS, count)
    } catch {
      // With the cache down the entries are still taken: the writer's queue bounds them.
      return
    }
    if (state.count > deps.perIpMax) {
      const retry = String(Math.max(1, Math.ceil(state.ttlMs / 1000)))
      throw new AppError(
        429,
        LoggingErrorCode.LOG_INGEST_LIMITED,
        'This address sent too many log entries; try again later.',
        { retryAfterSeconds: Number(retry) },
        { 'Retry-After': retry },
      )
    }
  }
  const accept = async (c: Context, sessionId: string, entries: BrowserLogEntry[]) => {
    await admit(c, entries.length)
    const who = await sessionIdentity(c, deps)
    const accepted = deps.logs.push(...entries.map((entry) => toRow(entry, sessionId, who, c)))
    const errors = entries.filter((e) => e.level === 'ERROR' || e.level === 'FATAL').length
    if (errors > 0) deps.onError(errors)
    return accepted
  }

  return createRouter()
    .openapi(batch, async (c) => {
      const { sessionId, entries } = c.req.valid('json')
      return c.json({ accepted: await accept(c, sessionId, entries) }, 202)
    })
    .openapi(error, async (c) => {
      const { sessionId, entry } = c.req.valid('json')
      return c.json({ accepted: await accept(c, sessionId, [entry]) }, 202)
    })
}

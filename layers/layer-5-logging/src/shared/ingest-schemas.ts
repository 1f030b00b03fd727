import { z } from 'zod'
import { safeJson, safeText } from '@stratum/layer-core/shared'

/** Severity of a log entry, lowest first. */
export const LOG_LEVELS = ['DEBUG', 'INFO', 'WARN', 'ERROR', 'FATAL'] as const
export const logLevelSchema = z.enum(LOG_LEVELS)
export type LogLevel = z.infer<typeof logLevelSchema>

/** Where an entry came from. */
export const logSourceSchema = z.enum(['server', 'browser'])
export type LogSource = z.infer<typeof logSourceSchema>

/** Caps on one browser batch: what a visitor may send, checked before anything is queued. */
export const INGEST_LIMITS = {
  /** Entries in one `POST /batch`. */
  entriesPerBatch: 100,
  /** Breadcrumbs attached to one entry. */
  breadcrumbsPerEntry: 10,
  messageChars: 2_000,
  stackTraceChars: 8_000,
  urlChars: 2_000,
  breadcrumbTextChars: 200,
  /** `context` serialised as JSON. */
  contextChars: 4_000,
  sessionIdChars: 100,
} as const

const isoTimestamp = z.iso.datetime({ offset: true })

/** One user action before an entry: a click, a navigation, an API call. */
export const breadcrumbSchema = z
  .object({
    at: isoTimestamp,
    kind: safeText().min(1).max(40),
    text: safeText().max(INGEST_LIMITS.breadcrumbTextChars),
  })
  .strict()
export type Breadcrumb = z.infer<typeof breadcrumbSchema>

/** Free-form context of an entry: a JSON object of safe text, at most `contextChars` as JSON. */
export const logContextSchema = z
  .record(safeText().max(100), safeJson())
  .refine(
    (value) => JSON.stringify(value).length <= INGEST_LIMITS.contextChars,
    `The context may hold at most ${INGEST_LIMITS.contextChars} characters as JSON.`,
  )

/**
 * One entry a browser sends. User and tenant are never taken from here: the server reads them
 * from the session.
 */
export const browserLogEntrySchema = z
  .object({
    level: logLevelSchema,
    message: safeText().min(1).max(INGEST_LIMITS.messageChars),
    timestamp: isoTimestamp,
    url: safeText().max(INGEST_LIMITS.urlChars).optional(),
    context: logContextSchema.optional(),
    stackTrace: safeText().max(INGEST_LIMITS.stackTraceChars).optional(),
    durationMs: z.number().nonnegative().max(86_400_000).optional(),
    /** The `X-Request-ID` of the API call the entry is about, to join the server's trace. */
    requestId: safeText().max(100).optional(),
    breadcrumbs: z.array(breadcrumbSchema).max(INGEST_LIMITS.breadcrumbsPerEntry).optional(),
  })
  .strict()
export type BrowserLogEntry = z.infer<typeof browserLogEntrySchema>

const sessionIdSchema = safeText().min(1).max(INGEST_LIMITS.sessionIdChars)

/** Body of `POST /api/logs/batch`. */
export const logBatchBodySchema = z
  .object({
    sessionId: sessionIdSchema,
    entries: z.array(browserLogEntrySchema).min(1).max(INGEST_LIMITS.entriesPerBatch),
  })
  .strict()
export type LogBatchBody = z.input<typeof logBatchBodySchema>

/** Body of `POST /api/logs/error`: one entry sent at once. */
export const logErrorBodySchema = z
  .object({ sessionId: sessionIdSchema, entry: browserLogEntrySchema })
  .strict()
export type LogErrorBody = z.input<typeof logErrorBodySchema>

/** 202 answer of both ingestion routes: how many entries were queued. */
export const logAcceptedSchema = z.object({ accepted: z.number().int() })
export type LogAccepted = z.infer<typeof logAcceptedSchema>

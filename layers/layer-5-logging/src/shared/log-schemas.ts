import { z } from 'zod'
import { logLevelSchema, logSourceSchema } from './ingest-schemas.ts'
import { pageQueryBase, requestIdSchema, searchText } from './query-schemas.ts'

/** Query of `GET /api/admin/logging/logs`. */
export const logQuerySchema = pageQueryBase.extend({
  level: logLevelSchema.optional(),
  userId: z.uuid().optional(),
  tenantId: z.uuid().optional(),
  requestId: requestIdSchema.optional(),
  q: searchText,
  source: logSourceSchema.optional(),
})
export type LogQuery = z.input<typeof logQuerySchema>

/** One row of the `logs` table as the console reads it. */
export const logItemSchema = z.object({
  id: z.string(),
  level: logLevelSchema,
  message: z.string(),
  /** ISO 8601. */
  timestamp: z.string(),
  userId: z.string().nullable(),
  /** The superadmin acting as the user (impersonation). */
  assumedBy: z.string().optional(),
  tenantId: z.string().nullable(),
  sessionId: z.string().nullable(),
  requestId: z.string().nullable(),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  url: z.string().nullable(),
  context: z.record(z.string(), z.unknown()).nullable(),
  stackTrace: z.string().nullable(),
  durationMs: z.number().nullable(),
  source: logSourceSchema,
})
export type LogItem = z.infer<typeof logItemSchema>

/** A page of logs, newest first; `nextCursor` is absent on the last page. */
export const logPageSchema = z.object({
  items: z.array(logItemSchema),
  nextCursor: z.string().optional(),
  /** Rows that match the filters, on the first page; counted up to a cap. */
  total: z.number().int().optional(),
  /** There are more than `total` (the cap). */
  totalIsAtLeast: z.boolean().optional(),
})
export type LogPage = z.infer<typeof logPageSchema>

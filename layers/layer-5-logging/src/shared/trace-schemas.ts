import { z } from 'zod'
import { auditItemSchema } from './audit-schemas.ts'
import { logItemSchema } from './log-schemas.ts'
import { metricItemSchema } from './metric-schemas.ts'
import { requestIdSchema } from './query-schemas.ts'

/** Path of `GET /api/admin/logging/trace/:requestId`. */
export const traceParamsSchema = z.object({ requestId: requestIdSchema })

/** Everything one request left behind: its logs (server and browser), its metrics, its audit rows. */
export const traceSchema = z.object({
  requestId: z.string(),
  logs: z.array(logItemSchema),
  metrics: z.array(metricItemSchema),
  audit: z.array(auditItemSchema),
})
export type Trace = z.infer<typeof traceSchema>

import { z } from 'zod'

export const healthResponseSchema = z.object({ status: z.literal('ok') })

const checkState = z.enum(['up', 'down'])
/** Readiness of each dependency the backend needs to serve requests. */
export const readinessChecksSchema = z.object({ database: checkState, cache: checkState })
export const readyResponseSchema = z.object({
  status: z.literal('ready'),
  checks: readinessChecksSchema,
})
export type ReadinessChecks = z.infer<typeof readinessChecksSchema>

/** `GET /api/core/dev/mailbox`: messages the dev mailbox kept, newest first. */
export const devMailboxResponseSchema = z.object({
  messages: z.array(
    z.object({
      id: z.string(),
      from: z.string(),
      to: z.string(),
      subject: z.string(),
      text: z.string(),
      html: z.string(),
      sentAt: z.string(),
    }),
  ),
})
export type DevMailboxResponse = z.infer<typeof devMailboxResponseSchema>

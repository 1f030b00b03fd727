import { z } from 'zod'
import { queryInt, safeText } from '@stratum/layer-core/shared'

/** `GET /api/admin/auth/failed-jobs` query: one job type (`auth.otp-mail`) or all, newest first. */
export const failedJobsQuerySchema = z.object({
  name: safeText()
    .regex(/^[a-z][a-z0-9-]*\.[a-z][a-z0-9-]*$/, 'A job type: <layer-id>.<name>.')
    .optional(),
  limit: queryInt({ min: 1, max: 500, default: 50 }),
})

/** A job that ran out of retries. Its payload is never shown: it may hold a code or a token. */
export const failedJobSchema = z.object({
  id: z.string(),
  name: z.string(),
  retryCount: z.number().int(),
  createdAt: z.string(),
  failedAt: z.string().nullable(),
  error: z.string().nullable(),
})

export const failedJobsResponseSchema = z.object({ jobs: z.array(failedJobSchema) })
export type FailedJobsResponse = z.infer<typeof failedJobsResponseSchema>

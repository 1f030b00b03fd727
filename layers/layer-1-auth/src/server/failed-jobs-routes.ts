import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import {
  AppError,
  createRouter,
  errorResponse,
  jsonResponse,
  type JobName,
  type JobQueue,
} from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { failedJobsQuerySchema, failedJobsResponseSchema } from '../shared/failed-jobs-api.ts'
import { currentUser } from './require-auth.ts'

const route = createRoute({
  method: 'get',
  path: '/failed-jobs',
  tags: ['auth-admin'],
  summary: 'Background jobs that ran out of retries (undelivered mail among them), newest first',
  request: { query: failedJobsQuerySchema },
  responses: {
    200: jsonResponse(failedJobsResponseSchema, 'Failed jobs, without their payloads'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not a superadmin'),
  },
})

/** `/api/admin/auth/failed-jobs`: what an operator looks at when a mail never arrived. */
export function failedJobsRoutes(deps: { jobs: JobQueue; requireAuth: MiddlewareHandler }) {
  const superadmin: MiddlewareHandler = async (c, next) => {
    if (!currentUser(c).isSuperadmin)
      throw new AppError(403, CoreErrorCode.FORBIDDEN, 'Only a superadmin can see failed jobs.', {
        permission: '*',
      })
    await next()
  }
  const router = createRouter()
  router.use('/failed-jobs', deps.requireAuth, superadmin)
  return router.openapi(route, async (c) => {
    const { name, limit } = c.req.valid('query')
    const jobs = await deps.jobs.failed({ name: name as JobName | undefined, limit })
    return c.json(
      {
        jobs: jobs.map((job) => ({
          ...job,
          failedAt: job.failedAt ?? null,
          error: job.error ?? null,
        })),
      },
      200,
    )
  })
}

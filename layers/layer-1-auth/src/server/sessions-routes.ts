import { createRoute } from '@hono/zod-openapi'
import type { MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonResponse,
} from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { AuthErrorCode } from '../shared/errors.ts'
import {
  endOtherSessionsResponseSchema,
  sessionParamsSchema,
  sessionsResponseSchema,
} from '../shared/impersonation-api.ts'
import { markImpersonationEnded } from './impersonation-store.ts'
import type { RefreshTokens } from './refresh-tokens.ts'
import { currentUser } from './require-auth.ts'
import { isSessionOf, listSessions, otherLiveSessions } from './session-list.ts'
import type { AuthDatabase } from './tables.ts'

const tags = ['auth']
const security: Array<Record<string, string[]>> = [{ bearerAuth: [] }, { cookieAuth: [] }]

const list = createRoute({
  method: 'get',
  path: '/sessions',
  tags,
  summary: 'Your live sessions, and who acted as you lately (impersonations, 90 days)',
  security,
  responses: {
    200: jsonResponse(sessionsResponseSchema, 'Sessions, most recently used first'),
    401: errorResponse('Not signed in'),
  },
})
const revoke = createRoute({
  method: 'delete',
  path: '/sessions/{id}',
  tags,
  summary: 'End one of your other sessions (the current one ends by signing out)',
  security,
  request: { params: sessionParamsSchema },
  responses: {
    204: { description: 'Ended' },
    400: errorResponse('Not a session id'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not while acting as another user'),
    404: errorResponse('No such session of yours'),
    409: errorResponse('The current session: sign out instead'),
  },
})

const revokeOthers = createRoute({
  method: 'delete',
  path: '/sessions',
  tags,
  summary: 'End all your sessions but the current one ("sign out everywhere else")',
  security,
  responses: {
    200: jsonResponse(endOtherSessionsResponseSchema, 'How many sessions were ended'),
    401: errorResponse('Not signed in'),
    403: errorResponse('Not while acting as another user'),
  },
})

/** Someone acting as the user looks; signing them out of their devices is theirs to do. */
const refuseWhileActing = () =>
  new AppError(
    403,
    CoreErrorCode.FORBIDDEN,
    "Acting as another user, you cannot end that user's sessions.",
  )

/** What the sessions routes need. */
export interface SessionsRoutesDeps {
  db: Kysely<AuthDatabase>
  refreshTokens: RefreshTokens
  requireAuth: MiddlewareHandler
}

/** `GET /api/auth/sessions` and `DELETE /api/auth/sessions/{id}`. */
export function sessionsRoutes(deps: SessionsRoutesDeps) {
  const { db, refreshTokens } = deps
  const router = createRouter()
  router.use('/sessions', deps.requireAuth)
  router.use('/sessions/*', deps.requireAuth)
  return router
    .openapi(list, async (c) => {
      const user = currentUser(c)
      return c.json(await listSessions(db, user.id, user.sessionId), 200)
    })
    .openapi(revoke, async (c) => {
      const user = currentUser(c)
      const { id } = c.req.valid('param')
      if (user.assumedBy) throw refuseWhileActing()
      if (id === user.sessionId)
        throw new AppError(
          409,
          AuthErrorCode.SESSION_IS_CURRENT,
          'This is the session you are using; sign out to end it.',
        )
      if (!(await isSessionOf(db, user.id, id)))
        throw new AppError(404, AuthErrorCode.SESSION_NOT_FOUND, 'You have no such session.')
      const ended = await refreshTokens.endSession(db, id)
      // The user may end an impersonation of their account that is still running.
      await markImpersonationEnded(db, id)
      if (ended)
        await audit(c, {
          action: 'auth.session.revoked',
          target: { type: 'session', id },
        })
      return c.body(null, 204)
    })
    .openapi(revokeOthers, async (c) => {
      const user = currentUser(c)
      if (user.assumedBy) throw refuseWhileActing()
      let ended = 0
      for (const id of await otherLiveSessions(db, user.id, user.sessionId)) {
        // One by one: each also leaves the revocation cache, so its access tokens stop at once.
        if (await refreshTokens.endSession(db, id)) ended++
        await markImpersonationEnded(db, id)
      }
      if (ended > 0)
        await audit(c, {
          action: 'auth.session.revoked_others',
          target: { type: 'user', id: user.id },
          after: { ended },
        })
      return c.json({ ended }, 200)
    })
}

import { createHash } from 'node:crypto'
import { createRoute } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { sql, type Kysely } from 'kysely'
import {
  AppError,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
  type Database,
} from '@stratum/layer-core/server'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import { MultitenantErrorCode } from '../shared/errors.ts'
import {
  acceptInviteBodySchema,
  invitePreviewSchema,
  type InvitePreview,
} from '../shared/schemas.ts'
import { toIsoDate } from './iso-date.ts'
import type { MultitenantDatabase } from './tables.ts'

export interface InvitePreviewDeps {
  database: Database
  requireAuth: MiddlewareHandler
  currentUser: (c: Context) => AuthPrincipal
}

/** The hash an invite's token is stored as. */
export const inviteTokenHash = (token: string) =>
  createHash('sha256').update(token).digest('base64url')

/**
 * `POST /invites/preview`: what an open invite offers, before it is accepted, so the page can
 * name the tenant, the role and the inviter. POST, so the token stays out of every URL.
 */
export function invitePreviewRoutes(deps: InvitePreviewDeps) {
  const preview = createRoute({
    method: 'post',
    path: '/invites/preview',
    tags: ['multitenant'],
    summary: 'The tenant, role and inviter of an open invite addressed to my email',
    middleware: [deps.requireAuth],
    request: { body: jsonBody(acceptInviteBodySchema) },
    responses: {
      200: jsonResponse(invitePreviewSchema, 'The invite'),
      401: errorResponse('Not signed in'),
      404: errorResponse('No such open invite for your email, or expired'),
    },
  })
  return createRouter().openapi(preview, async (c) => {
    const user = deps.currentUser(c)
    const hash = inviteTokenHash(c.req.valid('json').token)
    // Readable across tenants only by the address it was sent to (see the row policies).
    const invite = await deps.database.withSettings(
      { 'app.user_email': user.email.toLowerCase() },
      (raw) =>
        (raw as Kysely<MultitenantDatabase>)
          .selectFrom('tenant_invites')
          .select(['tenant_id', 'role_id', 'invited_by', 'expires_at'])
          .where('token_hash', '=', hash)
          .where('accepted_at', 'is', null)
          .where('expires_at', '>', sql<Date>`now()`)
          .executeTakeFirst(),
    )
    if (!invite)
      throw new AppError(
        404,
        MultitenantErrorCode.INVITE_NOT_FOUND,
        'This invitation does not exist for your email address, or it has expired.',
      )
    const body: InvitePreview = await deps.database.withSettings(
      { 'app.tenant_id': invite.tenant_id },
      async (raw) => {
        const trx = raw as Kysely<MultitenantDatabase>
        const tenant = await trx
          .selectFrom('tenants')
          .select(['id', 'slug', 'name'])
          .where('id', '=', invite.tenant_id)
          .executeTakeFirstOrThrow()
        const role = await trx
          .selectFrom('roles')
          .select(['id', 'key', 'name'])
          .where('tenant_id', '=', invite.tenant_id)
          .where('id', '=', invite.role_id)
          .executeTakeFirstOrThrow()
        const inviter = invite.invited_by
          ? await trx
              .selectFrom('auth_users')
              .select(['name', 'email'])
              .where('id', '=', invite.invited_by)
              .executeTakeFirst()
          : undefined
        return {
          tenant,
          role,
          ...(inviter
            ? { inviter: { email: inviter.email, ...(inviter.name ? { name: inviter.name } : {}) } }
            : {}),
          expiresAt: toIsoDate(invite.expires_at),
        }
      },
    )
    return c.json(body, 200)
  })
}

import { createHash } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { sql, type Kysely, type Selectable } from 'kysely'
import {
  AppError,
  audit,
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
  currentTenantResponseSchema,
  grantPolicyBodySchema,
  membershipSchema,
  mineResponseSchema,
  policyQuerySchema,
  policySchema,
  uuidSchema,
} from '../shared/schemas.ts'
import { assertAdminRemains, lockAccountAdmins } from './account-admins.ts'
import { toIsoDate } from './iso-date.ts'
import {
  assertInviterMayGive,
  inviterHolds,
  refuseOwnRoleChange,
  rolePermissions,
} from './role-assignment.ts'
import type { RouteDeps } from './route-deps.ts'
import type { MultitenantDatabase } from './tables.ts'
import { tenantHeaders } from './tenant-context.ts'

const tags = ['multitenant']
const denied = errorResponse(
  'Not a member, missing permission (named in details), or inactive tenant',
)

export interface AccessDeps extends RouteDeps {
  database: Database
  requireAuth: MiddlewareHandler
  currentUser: (c: Context) => AuthPrincipal
}

const toPolicy = (p: Selectable<MultitenantDatabase['resource_policies']>) => ({
  id: p.id,
  userId: p.user_id,
  resourceType: p.resource_type,
  resourceId: p.resource_id,
  canView: p.can_view,
  canEdit: p.can_edit,
  canDelete: p.can_delete,
  expiresAt: toIsoDate(p.expires_at),
  createdAt: toIsoDate(p.created_at),
})

/** What a policy grants, as its audit records show it. */
const grantOf = (p: {
  user_id: string
  can_view: boolean
  can_edit: boolean
  can_delete: boolean
  expires_at: Date | string | null
}) => ({
  userId: p.user_id,
  canView: p.can_view,
  canEdit: p.can_edit,
  canDelete: p.can_delete,
  expiresAt: toIsoDate(p.expires_at),
})

/** My tenants, the current tenant, invite acceptance, and resource policies. */
export function accessRoutes(deps: AccessDeps) {
  const { tenantDb, database } = deps
  const mine = createRoute({
    method: 'get',
    path: '/mine',
    tags,
    summary: 'Tenants I can enter, with my role and permissions in each',
    middleware: [deps.requireAuth],
    responses: {
      200: jsonResponse(mineResponseSchema, 'Memberships'),
      401: errorResponse('Not signed in'),
    },
  })
  const current = createRoute({
    method: 'get',
    path: '/current',
    tags,
    request: { headers: tenantHeaders },
    middleware: [tenantDb.readScope],
    responses: {
      200: jsonResponse(currentTenantResponseSchema, 'Current tenant'),
      403: denied,
      404: errorResponse('Unknown tenant'),
    },
  })
  const accept = createRoute({
    method: 'post',
    path: '/invites/accept',
    tags,
    summary: 'Accept an invite addressed to my email',
    middleware: [deps.requireAuth],
    request: { body: jsonBody(acceptInviteBodySchema) },
    responses: {
      200: jsonResponse(membershipSchema, 'Joined'),
      403: errorResponse(
        'The inviter no longer holds every permission of the role (INVITE_ROLE_ABOVE_INVITER), or it is your own invite (OWN_ROLE_CHANGE)',
      ),
      404: errorResponse('No such invite for your email, or expired'),
      409: errorResponse('You are the last account admin, and the invite is for another role'),
    },
  })
  const listPolicies = createRoute({
    method: 'get',
    path: '/policies',
    tags,
    request: { headers: tenantHeaders, query: policyQuerySchema },
    middleware: [tenantDb.readScope],
    responses: {
      200: jsonResponse(z.object({ policies: z.array(policySchema) }), 'Policies on the resource'),
      403: denied,
    },
  })
  const grant = createRoute({
    method: 'post',
    path: '/policies',
    tags,
    request: { headers: tenantHeaders, body: jsonBody(grantPolicyBodySchema) },
    middleware: [tenantDb.scope],
    responses: {
      201: jsonResponse(policySchema, 'Granted'),
      403: denied,
      404: errorResponse('The user is not a member'),
    },
  })
  const revoke = createRoute({
    method: 'delete',
    path: '/policies/{id}',
    tags,
    request: { headers: tenantHeaders, params: z.object({ id: uuidSchema }) },
    middleware: [tenantDb.scope],
    responses: {
      204: { description: 'Revoked' },
      403: denied,
      404: errorResponse('No such policy'),
    },
  })

  return createRouter()
    .openapi(mine, async (c) => {
      const user = deps.currentUser(c)
      // Only the caller's own memberships are readable across tenants (see the row policies).
      const rows = await database.withSettings({ 'app.user_id': user.id }, async (raw) => {
        const trx = raw as Kysely<MultitenantDatabase>
        return trx
          .selectFrom('tenant_user_roles as m')
          .innerJoin('tenants as t', 't.id', 'm.tenant_id')
          .innerJoin('roles as r', (j) =>
            j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
          )
          .leftJoin('role_permissions as p', (j) =>
            j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.role_id', '=', 'r.id'),
          )
          .select([
            't.id',
            't.slug',
            't.name',
            't.theme',
            't.is_active',
            'r.id as role_id',
            'r.key',
            'r.name as role_name',
            'p.permission',
          ])
          .where('m.user_id', '=', user.id)
          .where('t.deleted_at', 'is', null)
          .where('t.is_active', '=', true)
          .orderBy('t.name')
          .execute()
      })
      const byTenant = new Map<string, z.infer<typeof membershipSchema>>()
      for (const r of rows) {
        const m = byTenant.get(r.id) ?? {
          tenant: { id: r.id, slug: r.slug, name: r.name, theme: r.theme, isActive: r.is_active },
          role: { id: r.role_id, key: r.key, name: r.role_name },
          permissions: [],
        }
        if (r.permission) m.permissions.push(r.permission)
        byTenant.set(r.id, m)
      }
      return c.json({ isSuperadmin: user.isSuperadmin, memberships: [...byTenant.values()] }, 200)
    })
    .openapi(current, (c) => {
      const ctx = tenantDb.context(c)
      return c.json(
        {
          tenant: ctx.tenant,
          role: ctx.role,
          permissions: ctx.permissions,
          isSuperadmin: ctx.isSuperadmin,
        },
        200,
      )
    })
    .openapi(accept, async (c) => {
      const user = deps.currentUser(c)
      const hash = createHash('sha256').update(c.req.valid('json').token).digest('base64url')
      const notFound = () =>
        new AppError(
          404,
          MultitenantErrorCode.INVITE_NOT_FOUND,
          'This invitation does not exist for your email address, or it has expired.',
        )
      // Invites are readable across tenants only by the address they were sent to.
      const invite = await database.withSettings(
        { 'app.user_email': user.email.toLowerCase() },
        (raw) =>
          (raw as Kysely<MultitenantDatabase>)
            .selectFrom('tenant_invites')
            .select(['tenant_id', 'id', 'role_id', 'invited_by'])
            .where('token_hash', '=', hash)
            .where('expires_at', '>', sql<Date>`now()`)
            .executeTakeFirst(),
      )
      if (!invite) throw notFound()
      const { membership, previousRoleId } = await tenantDb.run(invite.tenant_id, async (trx) => {
        const claimed = await trx
          .updateTable('tenant_invites')
          .set({ accepted_at: sql`now()` })
          .where('tenant_id', '=', invite.tenant_id)
          .where('id', '=', invite.id)
          .where('accepted_at', 'is', null)
          .executeTakeFirst()
        if (Number(claimed.numUpdatedRows) === 0) throw notFound()
        const admins = await lockAccountAdmins(trx, invite.tenant_id)
        // A member who accepts an invite takes its role: the audit record shows the one replaced.
        const previous = await trx
          .selectFrom('tenant_user_roles')
          .select('role_id')
          .where('tenant_id', '=', invite.tenant_id)
          .where('user_id', '=', user.id)
          .forUpdate()
          .executeTakeFirst()
        if (previous && invite.invited_by === user.id) refuseOwnRoleChange()
        // The inviter's permissions as they are now: a lost role takes its pending invites' power.
        const permissions = await rolePermissions(trx, invite.tenant_id, invite.role_id)
        assertInviterMayGive(
          await inviterHolds(trx, invite.tenant_id, invite.invited_by),
          permissions,
        )
        if (previous) assertAdminRemains(admins, user.id, invite.role_id)
        await trx
          .insertInto('tenant_user_roles')
          .values({ tenant_id: invite.tenant_id, user_id: user.id, role_id: invite.role_id })
          .onConflict((oc) =>
            oc.columns(['tenant_id', 'user_id']).doUpdateSet({ role_id: invite.role_id }),
          )
          .execute()
        const tenant = await trx
          .selectFrom('tenants')
          .select(['id', 'slug', 'name', 'theme', 'is_active'])
          .where('id', '=', invite.tenant_id)
          .executeTakeFirstOrThrow()
        const role = await trx
          .selectFrom('roles')
          .select(['id', 'key', 'name'])
          .where('tenant_id', '=', invite.tenant_id)
          .where('id', '=', invite.role_id)
          .executeTakeFirstOrThrow()
        return {
          membership: {
            tenant: {
              id: tenant.id,
              slug: tenant.slug,
              name: tenant.name,
              theme: tenant.theme,
              isActive: tenant.is_active,
            },
            role,
            permissions,
          },
          previousRoleId: previous?.role_id,
        }
      })
      await tenantDb.invalidate({ id: invite.tenant_id })
      // Outside the request's scope (the invite names the tenant): the sinks write on their own.
      await audit(c, {
        action: 'multitenant.invite.accepted',
        tenantId: invite.tenant_id,
        target: { type: 'invite', id: invite.id },
        ...(previousRoleId === undefined
          ? {}
          : { before: { userId: user.id, roleId: previousRoleId } }),
        after: { userId: user.id, roleId: membership.role.id, roleKey: membership.role.key },
      })
      return c.json(membership, 200)
    })
    .openapi(listPolicies, async (c) => {
      const { resourceType, resourceId } = c.req.valid('query')
      await tenantDb.authorize(c, `${resourceType}.share`)
      const rows = await tenantDb
        .db(c)
        .selectFrom('resource_policies')
        .selectAll()
        .where('tenant_id', '=', tenantDb.context(c).tenant.id)
        .where('resource_type', '=', resourceType)
        .where('resource_id', '=', resourceId)
        .orderBy('created_at')
        .execute()
      return c.json({ policies: rows.map(toPolicy) }, 200)
    })
    .openapi(grant, async (c) => {
      const body = c.req.valid('json')
      const ctx = tenantDb.context(c)
      await tenantDb.authorize(c, `${body.resourceType}.share`)
      const db = tenantDb.db(c)
      // The membership check also reads the policy this grant replaces, for the audit record.
      const member = await db
        .selectFrom('tenant_user_roles as m')
        .leftJoin('resource_policies as p', (j) =>
          j
            .onRef('p.tenant_id', '=', 'm.tenant_id')
            .onRef('p.user_id', '=', 'm.user_id')
            .on('p.resource_type', '=', body.resourceType)
            .on('p.resource_id', '=', body.resourceId),
        )
        .select(['m.user_id', 'p.can_view', 'p.can_edit', 'p.can_delete', 'p.expires_at'])
        .where('m.tenant_id', '=', ctx.tenant.id)
        .where('m.user_id', '=', body.userId)
        .executeTakeFirst()
      if (!member)
        throw new AppError(
          404,
          MultitenantErrorCode.MEMBER_NOT_FOUND,
          'Policies can only be granted to members of this tenant.',
        )
      const values = {
        can_view: body.canView,
        can_edit: body.canEdit,
        can_delete: body.canDelete,
        expires_at: body.expiresAt ?? null,
        granted_by: ctx.userId,
      }
      const row = await db
        .insertInto('resource_policies')
        .values({
          tenant_id: ctx.tenant.id,
          user_id: body.userId,
          resource_type: body.resourceType,
          resource_id: body.resourceId,
          ...values,
        })
        .onConflict((oc) =>
          oc.columns(['tenant_id', 'user_id', 'resource_type', 'resource_id']).doUpdateSet(values),
        )
        .returningAll()
        .executeTakeFirstOrThrow()
      const { can_view, can_edit, can_delete, expires_at } = member
      await audit(c, {
        action: 'multitenant.policy.granted',
        target: { type: body.resourceType, id: body.resourceId },
        ...(can_view === null || can_edit === null || can_delete === null
          ? {}
          : {
              before: grantOf({
                user_id: member.user_id,
                can_view,
                can_edit,
                can_delete,
                expires_at,
              }),
            }),
        after: grantOf(row),
      })
      return c.json(toPolicy(row), 201)
    })
    .openapi(revoke, async (c) => {
      const { id } = c.req.valid('param')
      const db = tenantDb.db(c)
      const tenantId = tenantDb.context(c).tenant.id
      const policy = await db
        .selectFrom('resource_policies')
        .select([
          'resource_type',
          'resource_id',
          'user_id',
          'can_view',
          'can_edit',
          'can_delete',
          'expires_at',
        ])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .executeTakeFirst()
      if (!policy)
        throw new AppError(
          404,
          MultitenantErrorCode.POLICY_NOT_FOUND,
          'There is no such policy in this tenant.',
        )
      await tenantDb.authorize(c, `${policy.resource_type}.share`)
      await db
        .deleteFrom('resource_policies')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute()
      await audit(c, {
        action: 'multitenant.policy.revoked',
        target: { type: policy.resource_type, id: policy.resource_id },
        before: grantOf(policy),
      })
      return c.body(null, 204)
    })
}

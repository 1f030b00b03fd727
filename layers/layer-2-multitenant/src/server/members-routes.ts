import { createHash, randomBytes } from 'node:crypto'
import { createRoute, z } from '@hono/zod-openapi'
import { sql } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  escapeHtml,
  jsonBody,
  jsonResponse,
  type JobQueue,
  type MessageCatalog,
  type ThemeCatalog,
} from '@stratum/layer-core/server'
import { SOURCE_LOCALE } from '@stratum/layer-core/shared'
import { MultitenantErrorCode } from '../shared/errors.ts'
import { TENANT_SYSTEM_ROLES, type TenantSystemRole } from '../shared/roles.ts'
import {
  changeRoleBodySchema,
  createInviteBodySchema,
  inviteSchema,
  memberSchema,
  uuidSchema,
} from '../shared/schemas.ts'
import { assertAdminRemains, lockAccountAdmins } from './account-admins.ts'
import { interpolateEscaped } from './mail/escaped-message.ts'
import { toIsoDate } from './iso-date.ts'
import { assertAssignable, refuseOwnRoleChange, rolePermissions } from './role-assignment.ts'
import { INVITE_MAIL_JOB } from './invite-mail-job.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantHeaders } from './tenant-context.ts'

const tags = ['multitenant']
const denied = errorResponse(
  'Not a member, missing permission (named in details), or inactive tenant',
)
/** Giving a role: also refused when it holds more than the actor has, or is the actor's own. */
const assignDenied = errorResponse(
  'Not a member, missing permission, a role holding a permission you lack (ROLE_ABOVE_ACTOR), or your own role (OWN_ROLE_CHANGE)',
)
const userParam = z.object({ userId: uuidSchema })
const idParam = z.object({ id: uuidSchema })
const INVITE_DAYS = 7

export interface MembersDeps extends RouteDeps {
  jobs: JobQueue
  /** Mail texts (registered under `multitenant`), with the tenant's and global overrides. */
  messages: Pick<MessageCatalog, 'has' | 'translator'>
  /** Public origin used in invite links. */
  appOrigin: (host: string | undefined) => string
  /** The themes: an invite mail wears the tenant's, else the host's. */
  themes: Pick<ThemeCatalog, 'get' | 'forHost'>
}

/** Members and invites of the current tenant. */
export function membersRoutes(deps: MembersDeps) {
  const { tenantDb } = deps
  const scoped = (permission: string) => tenantDb.routeScope(permission)
  const readScoped = (permission: string) => tenantDb.routeScope(permission, { readOnly: true })

  const listMembers = createRoute({
    method: 'get',
    path: '/members',
    tags,
    request: { headers: tenantHeaders },
    middleware: readScoped('user.view'),
    responses: {
      200: jsonResponse(z.object({ members: z.array(memberSchema) }), 'Members'),
      403: denied,
    },
  })
  const changeRole = createRoute({
    method: 'patch',
    path: '/members/{userId}',
    tags,
    request: { headers: tenantHeaders, params: userParam, body: jsonBody(changeRoleBodySchema) },
    middleware: scoped('user.manage'),
    responses: {
      200: jsonResponse(memberSchema, 'Updated'),
      403: assignDenied,
      404: errorResponse('No such member or role'),
      409: errorResponse('Last account admin'),
    },
  })
  const removeMember = createRoute({
    method: 'delete',
    path: '/members/{userId}',
    tags,
    request: { headers: tenantHeaders, params: userParam },
    middleware: scoped('user.manage'),
    responses: {
      204: { description: 'Removed' },
      403: denied,
      404: errorResponse('No such member'),
      409: errorResponse('Last account admin'),
    },
  })
  const listInvites = createRoute({
    method: 'get',
    path: '/invites',
    tags,
    request: { headers: tenantHeaders },
    middleware: readScoped('user.view'),
    responses: {
      200: jsonResponse(
        z.object({ invites: z.array(inviteSchema) }),
        'Pending and accepted invites',
      ),
      403: denied,
    },
  })
  const createInvite = createRoute({
    method: 'post',
    path: '/invites',
    tags,
    request: { headers: tenantHeaders, body: jsonBody(createInviteBodySchema) },
    middleware: scoped('user.invite'),
    responses: {
      201: jsonResponse(inviteSchema, 'Invited; mail sent'),
      403: assignDenied,
      404: errorResponse('No such role'),
    },
  })
  const revokeInvite = createRoute({
    method: 'delete',
    path: '/invites/{id}',
    tags,
    request: { headers: tenantHeaders, params: idParam },
    middleware: scoped('user.invite'),
    responses: {
      204: { description: 'Revoked' },
      403: denied,
      404: errorResponse('No such invite'),
    },
  })

  const memberQuery = (c: Parameters<typeof tenantDb.db>[0]) =>
    tenantDb
      .db(c)
      .selectFrom('tenant_user_roles as m')
      .innerJoin('auth_users as u', 'u.id', 'm.user_id')
      .innerJoin('roles as r', (j) =>
        j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
      )
      .select([
        'm.user_id',
        'u.email',
        'u.name',
        'r.id as role_id',
        'r.key as role_key',
        'r.name as role_name',
        'm.created_at',
      ])
      .where('m.tenant_id', '=', tenantDb.context(c).tenant.id)
  const toMember = (r: {
    user_id: string
    email: string
    name: string | null
    role_id: string
    role_key: string
    role_name: string
    created_at: Date
  }) => ({
    userId: r.user_id,
    email: r.email,
    name: r.name,
    role: { id: r.role_id, key: r.role_key, name: r.role_name },
    joinedAt: toIsoDate(r.created_at),
  })

  return createRouter()
    .openapi(listMembers, async (c) => {
      const rows = await memberQuery(c).orderBy('u.email').execute()
      return c.json({ members: rows.map(toMember) }, 200)
    })
    .openapi(changeRole, async (c) => {
      const { userId } = c.req.valid('param')
      const { roleId } = c.req.valid('json')
      const db = tenantDb.db(c)
      const ctx = tenantDb.context(c)
      const tenantId = ctx.tenant.id
      if (userId === ctx.userId) refuseOwnRoleChange()
      const role = await db
        .selectFrom('roles')
        .select(['id', 'key'])
        .where('tenant_id', '=', tenantId)
        .where('id', '=', roleId)
        .executeTakeFirst()
      if (!role)
        throw new AppError(
          404,
          MultitenantErrorCode.ROLE_NOT_FOUND,
          'There is no such role in this tenant.',
        )
      assertAssignable(ctx, await rolePermissions(db, tenantId, role.id))
      const admins = await lockAccountAdmins(db, tenantId)
      // Locked, so the role the audit record shows as replaced is the one the update replaces.
      const previous = await db
        .selectFrom('tenant_user_roles as m')
        .innerJoin('roles as r', (j) =>
          j.onRef('r.tenant_id', '=', 'm.tenant_id').onRef('r.id', '=', 'm.role_id'),
        )
        .select(['r.id', 'r.key'])
        .where('m.tenant_id', '=', tenantId)
        .where('m.user_id', '=', userId)
        .forUpdate('m')
        .executeTakeFirst()
      if (!previous)
        throw new AppError(
          404,
          MultitenantErrorCode.MEMBER_NOT_FOUND,
          'That user is not a member of this tenant.',
        )
      assertAdminRemains(admins, userId, roleId)
      await db
        .updateTable('tenant_user_roles')
        .set({ role_id: roleId })
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute()
      await tenantDb.invalidate({ id: tenantId })
      await audit(c, {
        action: 'multitenant.member.role_changed',
        target: { type: 'user', id: userId },
        before: { roleId: previous.id, roleKey: previous.key },
        after: { roleId: role.id, roleKey: role.key },
      })
      return c.json(
        toMember(await memberQuery(c).where('m.user_id', '=', userId).executeTakeFirstOrThrow()),
        200,
      )
    })
    .openapi(removeMember, async (c) => {
      const { userId } = c.req.valid('param')
      const tenantId = tenantDb.context(c).tenant.id
      assertAdminRemains(await lockAccountAdmins(tenantDb.db(c), tenantId), userId, undefined)
      const removed = await tenantDb
        .db(c)
        .deleteFrom('tenant_user_roles')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .returning('role_id')
        .executeTakeFirst()
      if (!removed)
        throw new AppError(
          404,
          MultitenantErrorCode.MEMBER_NOT_FOUND,
          'That user is not a member of this tenant.',
        )
      await tenantDb
        .db(c)
        .deleteFrom('resource_policies')
        .where('tenant_id', '=', tenantId)
        .where('user_id', '=', userId)
        .execute()
      await tenantDb.invalidate({ id: tenantId })
      await audit(c, {
        action: 'multitenant.member.removed',
        target: { type: 'user', id: userId },
        before: { roleId: removed.role_id },
      })
      return c.body(null, 204)
    })
    .openapi(listInvites, async (c) => {
      const rows = await tenantDb
        .db(c)
        .selectFrom('tenant_invites as i')
        .innerJoin('roles as r', (j) =>
          j.onRef('r.tenant_id', '=', 'i.tenant_id').onRef('r.id', '=', 'i.role_id'),
        )
        .select([
          'i.id',
          'i.email',
          'i.expires_at',
          'i.accepted_at',
          'i.created_at',
          'r.id as role_id',
          'r.key',
          'r.name',
        ])
        .where('i.tenant_id', '=', tenantDb.context(c).tenant.id)
        .orderBy('i.created_at', 'desc')
        .execute()
      return c.json(
        {
          invites: rows.map((r) => ({
            id: r.id,
            email: r.email,
            role: { id: r.role_id, key: r.key, name: r.name },
            expiresAt: toIsoDate(r.expires_at),
            acceptedAt: toIsoDate(r.accepted_at),
            createdAt: toIsoDate(r.created_at),
          })),
        },
        200,
      )
    })
    .openapi(createInvite, async (c) => {
      const { email, roleId, locale: uiLocale } = c.req.valid('json')
      const ctx = tenantDb.context(c)
      const db = tenantDb.db(c)
      const role = await db
        .selectFrom('roles')
        .select(['id', 'key', 'name'])
        .where('tenant_id', '=', ctx.tenant.id)
        .where('id', '=', roleId)
        .executeTakeFirst()
      if (!role)
        throw new AppError(
          404,
          MultitenantErrorCode.ROLE_NOT_FOUND,
          'There is no such role in this tenant.',
        )
      assertAssignable(ctx, await rolePermissions(db, ctx.tenant.id, role.id))
      if (!ctx.isSuperadmin) {
        // Accepting it would change the inviter's own role.
        const me = await db
          .selectFrom('auth_users')
          .select('email')
          .where('id', '=', ctx.userId)
          .executeTakeFirst()
        if (me?.email.toLowerCase() === email) refuseOwnRoleChange()
      }
      const token = randomBytes(32).toString('base64url')
      const invite = await db
        .insertInto('tenant_invites')
        .values({
          tenant_id: ctx.tenant.id,
          email,
          role_id: role.id,
          token_hash: createHash('sha256').update(token).digest('base64url'),
          invited_by: ctx.userId,
          expires_at: new Date(Date.now() + INVITE_DAYS * 86_400_000),
        })
        .returning(['id', 'expires_at', 'created_at'])
        .executeTakeFirstOrThrow()
      // In the fragment: browsers never send it, so no access log or Referer header holds it.
      const link = `${deps.appOrigin(c.req.header('host'))}/invites/accept#token=${token}`
      // The recipient's saved locale when they have an account; else the language the inviter
      // reads the app in (a colleague most likely shares it); else en-US.
      const recipient = await db
        .selectFrom('auth_users')
        .select('locale')
        .where(sql`lower(email)`, '=', email)
        .executeTakeFirst()
      const locale =
        [recipient?.locale, uiLocale].find((code) => code && deps.messages.has(code)) ??
        SOURCE_LOCALE
      const inviter = await db
        .selectFrom('auth_users')
        .select(['name', 'email'])
        .where('id', '=', ctx.userId)
        .executeTakeFirst()
      const inviterName = inviter
        ? inviter.name
          ? `${inviter.name} (${inviter.email})`
          : inviter.email
        : undefined
      // The tenant's own wording applies, read through this request's transaction.
      const t = await deps.messages.translator(locale, { tenantId: ctx.tenant.id, transaction: db })
      // A system role by its name in the mail's language; a custom role as the tenant typed it.
      const roleKey = `multitenant.inviteMail.roleNames.${role.key}`
      const roleName = TENANT_SYSTEM_ROLES.includes(role.key as TenantSystemRole)
        ? t(roleKey)
        : role.name
      const words = { tenant: ctx.tenant.name, role: roleName, days: INVITE_DAYS }
      const html = {
        tenant: `<strong>${escapeHtml(ctx.tenant.name)}</strong>`,
        role: escapeHtml(roleName),
        days: INVITE_DAYS,
      }
      // Who sent it, so the recipient can tell a colleague's invite from a stranger's.
      const invitedBy =
        inviterName && t('multitenant.inviteMail.invitedBy', { inviter: inviterName })
      // Rendered now, in the recipient's language and the tenant's wording; queued in the
      // request's transaction: a failed request sends nothing, and SMTP being slow or down never
      // fails or delays the invite.
      const message = {
        to: email,
        subject: t('multitenant.inviteMail.subject', words),
        text: `${t('multitenant.inviteMail.intro', words)}${invitedBy ? `\n${invitedBy}` : ''}\n\n${t('multitenant.inviteMail.signIn')}\n${link}\n\n${t('multitenant.inviteMail.expiry', words)}`,
        // Texts are escaped before the markup goes around the values.
        html: `<p>${interpolateEscaped(t, 'multitenant.inviteMail.intro', html)}</p>${invitedBy ? `<p>${escapeHtml(invitedBy)}</p>` : ''}<p>${escapeHtml(t('multitenant.inviteMail.signIn'))} <a href="${escapeHtml(link)}">${escapeHtml(t('multitenant.inviteMail.linkText'))}</a></p><p>${escapeHtml(t('multitenant.inviteMail.expiry', words))}</p>`,
      }
      await deps.jobs.enqueue(
        INVITE_MAIL_JOB,
        {
          tenantId: ctx.tenant.id,
          inviteId: invite.id,
          message,
          theme: (
            (ctx.tenant.theme && deps.themes.get(ctx.tenant.theme)) ||
            deps.themes.forHost(c.req.header('host'))
          ).name,
          locale,
        },
        { trx: db },
      )
      await audit(c, {
        action: 'multitenant.invite.created',
        target: { type: 'invite', id: invite.id },
        after: {
          email,
          roleId: role.id,
          roleKey: role.key,
          expiresAt: toIsoDate(invite.expires_at),
        },
      })
      return c.json(
        {
          id: invite.id,
          email,
          role: { id: role.id, key: role.key, name: role.name },
          expiresAt: toIsoDate(invite.expires_at),
          acceptedAt: null,
          createdAt: toIsoDate(invite.created_at),
        },
        201,
      )
    })
    .openapi(revokeInvite, async (c) => {
      const { id } = c.req.valid('param')
      const removed = await tenantDb
        .db(c)
        .deleteFrom('tenant_invites')
        .where('tenant_id', '=', tenantDb.context(c).tenant.id)
        .where('id', '=', id)
        .where('accepted_at', 'is', null)
        .returning(['email', 'role_id', 'expires_at'])
        .executeTakeFirst()
      if (!removed)
        throw new AppError(
          404,
          MultitenantErrorCode.INVITE_NOT_FOUND,
          'There is no pending invite with that id.',
        )
      await audit(c, {
        action: 'multitenant.invite.revoked',
        target: { type: 'invite', id },
        before: {
          email: removed.email,
          roleId: removed.role_id,
          expiresAt: toIsoDate(removed.expires_at),
        },
      })
      return c.body(null, 204)
    })
}

import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import {
  AppError,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
} from '@stratum/layer-core/server'
import { patternCovers } from '../shared/can.ts'
import { MultitenantErrorCode } from '../shared/errors.ts'
import {
  permissionInfoSchema,
  roleBodySchema,
  roleSchema,
  updateRoleBodySchema,
  uuidSchema,
} from '../shared/schemas.ts'
import { audit, type RouteDeps } from './route-kit.ts'
import { tenantHeaders } from './tenant-context.ts'

const tags = ['multitenant']
const denied = errorResponse(
  'Not a member, missing permission (named in details), or inactive tenant',
)
const idParam = z.object({ id: uuidSchema })

/** Custom roles (with a permission set), the system roles, and the permission catalogue. */
export function rolesRoutes(deps: RouteDeps) {
  const { tenantDb } = deps
  const scoped = (permission?: string): MiddlewareHandler[] =>
    permission ? [tenantDb.scope, tenantDb.requirePermission(permission)] : [tenantDb.scope]

  const listRoles = createRoute({
    method: 'get',
    path: '/roles',
    tags,
    request: { headers: tenantHeaders },
    middleware: scoped('user.view'),
    responses: {
      200: jsonResponse(z.object({ roles: z.array(roleSchema) }), 'Roles'),
      403: denied,
    },
  })
  const createRole = createRoute({
    method: 'post',
    path: '/roles',
    tags,
    request: { headers: tenantHeaders, body: jsonBody(roleBodySchema) },
    middleware: scoped('settings.manage'),
    responses: {
      201: jsonResponse(roleSchema, 'Created'),
      400: errorResponse('Unknown permission'),
      403: denied,
      409: errorResponse('Key taken'),
    },
  })
  const updateRole = createRoute({
    method: 'patch',
    path: '/roles/{id}',
    tags,
    request: { headers: tenantHeaders, params: idParam, body: jsonBody(updateRoleBodySchema) },
    middleware: scoped('settings.manage'),
    responses: {
      200: jsonResponse(roleSchema, 'Updated'),
      403: errorResponse('System roles are immutable'),
      404: errorResponse('No such role'),
    },
  })
  const deleteRole = createRoute({
    method: 'delete',
    path: '/roles/{id}',
    tags,
    request: { headers: tenantHeaders, params: idParam },
    middleware: scoped('settings.manage'),
    responses: {
      204: { description: 'Deleted' },
      403: errorResponse('System roles are immutable'),
      404: errorResponse('No such role'),
      409: errorResponse('Role in use'),
    },
  })
  const catalogue = createRoute({
    method: 'get',
    path: '/permissions',
    tags,
    request: { headers: tenantHeaders },
    middleware: scoped(),
    responses: {
      200: jsonResponse(
        z.object({ permissions: z.array(permissionInfoSchema) }),
        'Permission catalogue',
      ),
      403: denied,
    },
  })

  async function loadRoles(c: Context, id?: string) {
    const db = tenantDb.db(c)
    const tenantId = tenantDb.context(c).tenant.id
    let query = db
      .selectFrom('roles as r')
      .leftJoin('role_permissions as p', (j) =>
        j.onRef('p.tenant_id', '=', 'r.tenant_id').onRef('p.role_id', '=', 'r.id'),
      )
      .select(['r.id', 'r.key', 'r.name', 'r.description', 'r.is_system', 'p.permission'])
      .where('r.tenant_id', '=', tenantId)
    if (id) query = query.where('r.id', '=', id)
    const rows = await query.orderBy('r.is_system', 'desc').orderBy('r.name').execute()
    const counts = await db
      .selectFrom('tenant_user_roles')
      .select(['role_id', db.fn.countAll<string>().as('n')])
      .where('tenant_id', '=', tenantId)
      .groupBy('role_id')
      .execute()
    const roles = new Map<string, z.infer<typeof roleSchema>>()
    for (const r of rows) {
      const role = roles.get(r.id) ?? {
        id: r.id,
        key: r.key,
        name: r.name,
        description: r.description,
        isSystem: r.is_system,
        permissions: [],
        memberCount: Number(counts.find((x) => x.role_id === r.id)?.n ?? 0),
      }
      if (r.permission) role.permissions.push(r.permission)
      roles.set(r.id, role)
    }
    return [...roles.values()]
  }

  /**
   * A permission must exist in the catalogue (or be a `resource.*` wildcard over it), and nobody
   * can grant what they do not hold: an admin cannot mint a role more powerful than their own.
   */
  async function checkGrantable(c: Context, permissions: readonly string[]) {
    const catalogue = (await tenantDb.db(c).selectFrom('permissions').select('name').execute()).map(
      (p) => p.name,
    )
    const ctx = tenantDb.context(c)
    for (const permission of permissions) {
      const known =
        permission !== '*' &&
        catalogue.some(
          (name) =>
            name === permission ||
            patternCovers(permission, name) ||
            patternCovers(name, permission),
        )
      if (!known)
        throw new AppError(
          400,
          MultitenantErrorCode.UNKNOWN_PERMISSION,
          `'${permission}' is not a permission of any enabled layer.`,
          { fields: { permissions: [`Unknown permission ${permission}`] } },
        )
      if (!ctx.isSuperadmin && !ctx.permissions.some((p) => patternCovers(p, permission))) {
        throw new AppError(
          403,
          MultitenantErrorCode.PERMISSION_DENIED,
          `You cannot grant '${permission}', which you do not hold.`,
          { permission },
        )
      }
    }
  }

  async function writablePermissions(c: Context, id: string) {
    const role = await tenantDb
      .db(c)
      .selectFrom('roles')
      .select(['id', 'is_system', 'key'])
      .where('tenant_id', '=', tenantDb.context(c).tenant.id)
      .where('id', '=', id)
      .executeTakeFirst()
    if (!role)
      throw new AppError(
        404,
        MultitenantErrorCode.ROLE_NOT_FOUND,
        'There is no such role in this tenant.',
      )
    if (role.is_system)
      throw new AppError(
        403,
        MultitenantErrorCode.ROLE_IMMUTABLE,
        `The system role '${role.key}' cannot be changed.`,
      )
    return role
  }

  async function setPermissions(c: Context, roleId: string, permissions: readonly string[]) {
    const db = tenantDb.db(c)
    const tenantId = tenantDb.context(c).tenant.id
    await db
      .deleteFrom('role_permissions')
      .where('tenant_id', '=', tenantId)
      .where('role_id', '=', roleId)
      .execute()
    const unique = [...new Set(permissions)]
    if (unique.length > 0)
      await db
        .insertInto('role_permissions')
        .values(unique.map((permission) => ({ tenant_id: tenantId, role_id: roleId, permission })))
        .execute()
  }

  return createRouter()
    .openapi(listRoles, async (c) => c.json({ roles: await loadRoles(c) }, 200))
    .openapi(createRole, async (c) => {
      const body = c.req.valid('json')
      const tenantId = tenantDb.context(c).tenant.id
      await checkGrantable(c, body.permissions)
      const taken = await tenantDb
        .db(c)
        .selectFrom('roles')
        .select('id')
        .where('tenant_id', '=', tenantId)
        .where('key', '=', body.key)
        .executeTakeFirst()
      if (taken)
        throw new AppError(409, 'ROLE_KEY_TAKEN', `A role with the key '${body.key}' exists.`, {
          fields: { key: ['This key is taken.'] },
        })
      const role = await tenantDb
        .db(c)
        .insertInto('roles')
        .values({
          tenant_id: tenantId,
          key: body.key,
          name: body.name,
          description: body.description,
        })
        .returning('id')
        .executeTakeFirstOrThrow()
      await setPermissions(c, role.id, body.permissions)
      await audit(
        deps,
        c,
        'multitenant.role.created',
        { type: 'role', id: role.id },
        { key: body.key, permissions: body.permissions },
      )
      return c.json((await loadRoles(c, role.id))[0]!, 201)
    })
    .openapi(updateRole, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      await writablePermissions(c, id)
      if (body.name !== undefined || body.description !== undefined) {
        await tenantDb
          .db(c)
          .updateTable('roles')
          .set({
            ...(body.name === undefined ? {} : { name: body.name }),
            ...(body.description === undefined ? {} : { description: body.description }),
          })
          .where('tenant_id', '=', tenantDb.context(c).tenant.id)
          .where('id', '=', id)
          .execute()
      }
      if (body.permissions) {
        await checkGrantable(c, body.permissions)
        await setPermissions(c, id, body.permissions)
      }
      await tenantDb.invalidate({ id: tenantDb.context(c).tenant.id })
      await audit(deps, c, 'multitenant.role.updated', { type: 'role', id }, body)
      return c.json((await loadRoles(c, id))[0]!, 200)
    })
    .openapi(deleteRole, async (c) => {
      const { id } = c.req.valid('param')
      const role = await writablePermissions(c, id)
      const tenantId = tenantDb.context(c).tenant.id
      const inUse = await tenantDb
        .db(c)
        .selectFrom('tenant_user_roles')
        .select('user_id')
        .where('tenant_id', '=', tenantId)
        .where('role_id', '=', id)
        .executeTakeFirst()
      if (inUse)
        throw new AppError(
          409,
          MultitenantErrorCode.ROLE_IN_USE,
          `Members still hold the role '${role.key}'; give them another role first.`,
        )
      await tenantDb
        .db(c)
        .deleteFrom('roles')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute()
      await audit(deps, c, 'multitenant.role.deleted', { type: 'role', id }, { key: role.key })
      return c.body(null, 204)
    })
    .openapi(catalogue, async (c) => {
      const rows = await tenantDb
        .db(c)
        .selectFrom('permissions')
        .selectAll()
        .orderBy('name')
        .execute()
      return c.json({ permissions: rows }, 200)
    })
}

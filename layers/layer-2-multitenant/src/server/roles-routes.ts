import { createRoute, z } from '@hono/zod-openapi'
import type { Context } from 'hono'
import {
  AppError,
  audit,
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
import type { RouteDeps } from './route-deps.ts'
import { tenantHeaders } from './tenant-context.ts'

const tags = ['multitenant']
const denied = errorResponse(
  'Not a member, missing permission (named in details), or inactive tenant',
)
const idParam = z.object({ id: uuidSchema })

/** Custom roles (with a permission set), the system roles, and the permission catalogue. */
export function rolesRoutes(deps: RouteDeps) {
  const { tenantDb } = deps
  const scoped = (permission?: string) => tenantDb.routeScope(permission)
  const readScoped = (permission?: string) => tenantDb.routeScope(permission, { readOnly: true })

  const listRoles = createRoute({
    method: 'get',
    path: '/roles',
    tags,
    request: { headers: tenantHeaders },
    middleware: readScoped('user.view'),
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
    middleware: readScoped(),
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

  /** The custom role `id`, locked for the change: 404 if there is none, 403 for a system role. */
  async function writableRole(c: Context, id: string) {
    const role = await tenantDb
      .db(c)
      .selectFrom('roles')
      .select(['id', 'is_system', 'key', 'name', 'description'])
      .where('tenant_id', '=', tenantDb.context(c).tenant.id)
      .where('id', '=', id)
      .forUpdate()
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

  /** Removes every grant of the role, returning what it held (sorted), for the audit record. */
  async function clearPermissions(c: Context, roleId: string): Promise<string[]> {
    const removed = await tenantDb
      .db(c)
      .deleteFrom('role_permissions')
      .where('tenant_id', '=', tenantDb.context(c).tenant.id)
      .where('role_id', '=', roleId)
      .returning('permission')
      .execute()
    return removed.map((p) => p.permission).sort()
  }

  /** Grants the role `permissions` (on top of what it holds); returns them deduplicated, sorted. */
  async function addPermissions(
    c: Context,
    roleId: string,
    permissions: readonly string[],
  ): Promise<string[]> {
    const tenantId = tenantDb.context(c).tenant.id
    const unique = [...new Set(permissions)].sort()
    if (unique.length > 0)
      await tenantDb
        .db(c)
        .insertInto('role_permissions')
        .values(unique.map((permission) => ({ tenant_id: tenantId, role_id: roleId, permission })))
        .execute()
    return unique
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
        .returning(['id', 'key', 'name', 'description'])
        .executeTakeFirstOrThrow()
      const permissions = await addPermissions(c, role.id, body.permissions)
      await audit(c, {
        action: 'multitenant.role.created',
        target: { type: 'role', id: role.id },
        after: { key: role.key, name: role.name, description: role.description, permissions },
      })
      return c.json((await loadRoles(c, role.id))[0]!, 201)
    })
    .openapi(updateRole, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const role = await writableRole(c, id)
      // The changed fields only, as they were and as they are now.
      const before: Record<string, unknown> = {}
      const after: Record<string, unknown> = {}
      if (body.name !== undefined || body.description !== undefined) {
        const updated = await tenantDb
          .db(c)
          .updateTable('roles')
          .set({
            ...(body.name === undefined ? {} : { name: body.name }),
            ...(body.description === undefined ? {} : { description: body.description }),
          })
          .where('tenant_id', '=', tenantDb.context(c).tenant.id)
          .where('id', '=', id)
          .returning(['name', 'description'])
          .executeTakeFirstOrThrow()
        if (body.name !== undefined) {
          before.name = role.name
          after.name = updated.name
        }
        if (body.description !== undefined) {
          before.description = role.description
          after.description = updated.description
        }
      }
      if (body.permissions) {
        await checkGrantable(c, body.permissions)
        before.permissions = await clearPermissions(c, id)
        after.permissions = await addPermissions(c, id, body.permissions)
      }
      await tenantDb.invalidate({ id: tenantDb.context(c).tenant.id })
      await audit(c, {
        action: 'multitenant.role.updated',
        target: { type: 'role', id },
        before,
        after,
      })
      return c.json((await loadRoles(c, id))[0]!, 200)
    })
    .openapi(deleteRole, async (c) => {
      const { id } = c.req.valid('param')
      const role = await writableRole(c, id)
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
      // Deleting the role would drop its grants too; removing them first names them in the record.
      const permissions = await clearPermissions(c, id)
      await tenantDb
        .db(c)
        .deleteFrom('roles')
        .where('tenant_id', '=', tenantId)
        .where('id', '=', id)
        .execute()
      await audit(c, {
        action: 'multitenant.role.deleted',
        target: { type: 'role', id },
        before: { key: role.key, name: role.name, description: role.description, permissions },
      })
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

import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { sql, type Kysely, type UpdateObject } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
  type Database,
} from '@stratum/layer-core/server'
import { CoreErrorCode, safeText } from '@stratum/layer-core/shared'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import { MultitenantErrorCode } from '../shared/errors.ts'
import {
  createTenantBodySchema,
  tenantSchema,
  updateTenantBodySchema,
  uuidSchema,
  type Tenant,
} from '../shared/schemas.ts'
import { changedFields } from './changed-fields.ts'
import { containsPattern } from './contains-pattern.ts'
import type { MultitenantDatabase } from './tables.ts'
import type { TenantDb } from './tenant-context.ts'
import { createTenant, toTenant } from './tenant-service.ts'

const tags = ['multitenant-admin']
const idParam = z.object({ id: uuidSchema })
const listQuery = z.object({
  q: safeText().max(100).optional(),
  status: z.enum(['active', 'inactive', 'deleted', 'all']).default('all'),
})

type TenantChange = UpdateObject<MultitenantDatabase, 'tenants'>
/** The field of the public form each changeable column shows as. */
const FIELD_OF_COLUMN = {
  name: 'name',
  theme: 'theme',
  settings: 'settings',
  is_active: 'isActive',
  deleted_at: 'deletedAt',
} as const satisfies Partial<Record<keyof TenantChange, keyof Tenant>>

export interface AdminDeps {
  database: Database
  tenantDb: TenantDb
  requireAuth: MiddlewareHandler
  currentUser: (c: Context) => AuthPrincipal
}

/** `/api/admin/multitenant/tenants`: tenant CRUD and (de)activation, for superadmins only. */
export function adminRoutes(deps: AdminDeps) {
  const db = deps.database.db as Kysely<MultitenantDatabase>
  const superadmin: MiddlewareHandler = async (c, next) => {
    if (!deps.currentUser(c).isSuperadmin)
      throw new AppError(403, CoreErrorCode.FORBIDDEN, 'Only a superadmin can manage tenants.', {
        permission: '*',
      })
    await next()
  }
  const guard: MiddlewareHandler[] = [deps.requireAuth, superadmin]
  const denied = errorResponse('Not a superadmin')
  const notFound = errorResponse('No such tenant')

  const list = createRoute({
    method: 'get',
    path: '/tenants',
    tags,
    request: { query: listQuery },
    middleware: guard,
    responses: {
      200: jsonResponse(z.object({ tenants: z.array(tenantSchema) }), 'Tenants'),
      403: denied,
    },
  })
  const create = createRoute({
    method: 'post',
    path: '/tenants',
    tags,
    request: { body: jsonBody(createTenantBodySchema) },
    middleware: guard,
    responses: {
      201: jsonResponse(tenantSchema, 'Created with its system roles'),
      403: denied,
      409: errorResponse('Slug taken'),
    },
  })
  const get = createRoute({
    method: 'get',
    path: '/tenants/{id}',
    tags,
    request: { params: idParam },
    middleware: guard,
    responses: { 200: jsonResponse(tenantSchema, 'Tenant'), 403: denied, 404: notFound },
  })
  const update = createRoute({
    method: 'patch',
    path: '/tenants/{id}',
    tags,
    request: { params: idParam, body: jsonBody(updateTenantBodySchema) },
    middleware: guard,
    responses: { 200: jsonResponse(tenantSchema, 'Updated'), 403: denied, 404: notFound },
  })
  const deactivate = createRoute({
    method: 'post',
    path: '/tenants/{id}/deactivate',
    tags,
    request: { params: idParam },
    middleware: guard,
    responses: {
      200: jsonResponse(tenantSchema, 'Inactive: members get TENANT_INACTIVE'),
      403: denied,
      404: notFound,
    },
  })
  const activate = createRoute({
    method: 'post',
    path: '/tenants/{id}/activate',
    tags,
    request: { params: idParam },
    middleware: guard,
    responses: { 200: jsonResponse(tenantSchema, 'Active again'), 403: denied, 404: notFound },
  })
  const remove = createRoute({
    method: 'delete',
    path: '/tenants/{id}',
    tags,
    request: { params: idParam },
    middleware: guard,
    responses: { 204: { description: 'Soft-deleted' }, 403: denied, 404: notFound },
  })

  /**
   * Changes a live tenant and audits the changed fields before and after. Outside any tenant
   * transaction: the audit sinks write on their own.
   */
  const change = async (
    c: Context,
    id: string,
    values: Pick<TenantChange, keyof typeof FIELD_OF_COLUMN>,
    action: string,
  ) => {
    const { before, after } = await db.transaction().execute(async (trx) => {
      const before = await trx
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', id)
        .where('deleted_at', 'is', null)
        .forUpdate()
        .executeTakeFirst()
      if (!before)
        throw new AppError(404, MultitenantErrorCode.TENANT_NOT_FOUND, 'There is no such tenant.')
      const after = await trx
        .updateTable('tenants')
        .set(values)
        .where('id', '=', id)
        .returningAll()
        .executeTakeFirstOrThrow()
      return { before: toTenant(before), after: toTenant(after) }
    })
    await deps.tenantDb.invalidate({ id: after.id, slug: after.slug })
    const fields = (Object.keys(values) as Array<keyof typeof FIELD_OF_COLUMN>).map(
      (column) => FIELD_OF_COLUMN[column],
    )
    await audit(c, {
      action,
      tenantId: after.id,
      target: { type: 'tenant', id: after.id },
      ...changedFields(before, after, fields),
    })
    return after
  }

  return createRouter()
    .openapi(list, async (c) => {
      const { q, status } = c.req.valid('query')
      let query = db.selectFrom('tenants').selectAll().orderBy('name')
      if (q)
        query = query.where((eb) =>
          eb.or([eb('name', 'ilike', containsPattern(q)), eb('slug', 'ilike', containsPattern(q))]),
        )
      if (status === 'deleted') query = query.where('deleted_at', 'is not', null)
      else if (status !== 'all')
        query = query.where('deleted_at', 'is', null).where('is_active', '=', status === 'active')
      return c.json({ tenants: (await query.execute()).map(toTenant) }, 200)
    })
    .openapi(create, async (c) => {
      const tenant = await createTenant(deps.database, c.req.valid('json'))
      await audit(c, {
        action: 'multitenant.tenant.created',
        tenantId: tenant.id,
        target: { type: 'tenant', id: tenant.id },
        after: { slug: tenant.slug, name: tenant.name, theme: tenant.theme },
      })
      return c.json(tenant, 201)
    })
    .openapi(get, async (c) => {
      const row = await db
        .selectFrom('tenants')
        .selectAll()
        .where('id', '=', c.req.valid('param').id)
        .executeTakeFirst()
      if (!row)
        throw new AppError(404, MultitenantErrorCode.TENANT_NOT_FOUND, 'There is no such tenant.')
      return c.json(toTenant(row), 200)
    })
    .openapi(update, async (c) => {
      const body = c.req.valid('json')
      const values = {
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.theme === undefined ? {} : { theme: body.theme }),
        ...(body.settings === undefined ? {} : { settings: JSON.stringify(body.settings) }),
      }
      return c.json(
        await change(c, c.req.valid('param').id, values, 'multitenant.tenant.updated'),
        200,
      )
    })
    .openapi(deactivate, async (c) =>
      c.json(
        await change(
          c,
          c.req.valid('param').id,
          { is_active: false },
          'multitenant.tenant.deactivated',
        ),
        200,
      ),
    )
    .openapi(activate, async (c) =>
      c.json(
        await change(
          c,
          c.req.valid('param').id,
          { is_active: true },
          'multitenant.tenant.activated',
        ),
        200,
      ),
    )
    .openapi(remove, async (c) => {
      await change(
        c,
        c.req.valid('param').id,
        { deleted_at: sql`now()`, is_active: false },
        'multitenant.tenant.deleted',
      )
      return c.body(null, 204)
    })
}

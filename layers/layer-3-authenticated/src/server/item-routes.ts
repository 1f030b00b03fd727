import { createRoute, z } from '@hono/zod-openapi'
import type { Context, MiddlewareHandler } from 'hono'
import { audit, createRouter, errorResponse, jsonResponse } from '@stratum/layer-core/server'
import { tenantHeaders, toIsoDate } from '@stratum/layer-multitenant/server'
import {
  auditedFields,
  findResource,
  lockForDeletion,
  setDeleted,
  type ResourceType,
} from './find-resource.ts'
import { tags } from './openapi-tags.ts'
import type { RouteDeps } from './route-deps.ts'

export const idParam = z.object({ id: z.uuid() })
export const denied = errorResponse(
  'Not a member, or missing permission (named in details.permission)',
)

/** The tenant scope, plus a permission check when the route needs one before reading anything. */
export const scoped = (deps: RouteDeps, permission?: string): MiddlewareHandler[] =>
  deps.tenantDb.routeScope(permission)

/**
 * {@link scoped} for a route that only reads (`tenantDb.readScope`): PostgreSQL refuses writes in
 * it, and each statement costs one round trip, with no `BEGIN` or `COMMIT`.
 */
export const readScoped = (deps: RouteDeps, permission?: string): MiddlewareHandler[] =>
  deps.tenantDb.routeScope(permission, { readOnly: true })

/**
 * {@link readScoped} whose answers each process keeps until the tenant's clients, projects,
 * roles, members or policies change (`tenantDb.cachedReadScope`): for reads that depend on
 * nothing else, not on the time.
 */
export const cachedReadScoped = (deps: RouteDeps, permission?: string): MiddlewareHandler[] =>
  deps.tenantDb.routeScope(permission, { cached: true })

export interface ItemRoutesOptions<S extends z.ZodType> {
  type: ResourceType
  /** The item as the API answers it. */
  schema: S
  load: (deps: RouteDeps, c: Context, id: string) => Promise<z.output<S>>
  /** OpenAPI texts that differ between item types. */
  docs: { read: string; notFound: string; deleteSummary: string; restoreConflict: string }
  /**
   * Restores the locked, deleted row: checks what this type needs (a live parent, a free name)
   * around `write`, which clears the deletion.
   * @default write()
   */
  restore?: (c: Context, id: string, write: () => Promise<void>) => Promise<void>
}

/**
 * `GET /<type>s/{id}`, `DELETE /<type>s/{id}` (soft delete) and `POST /<type>s/{id}/restore`:
 * the per-item routes clients and projects share, each audited as
 * `authenticated.<type>.deleted` (before: the row's fields, `deletedAt: null`; after: `deletedAt`)
 * and `.restored` (the other way round).
 */
export function itemRoutes<S extends z.ZodType>(deps: RouteDeps, options: ItemRoutesOptions<S>) {
  const { type, schema, load, docs } = options
  const path = `/${type}s/{id}`
  const notFound = errorResponse(docs.notFound)
  const restoreWith = options.restore ?? ((_c, _id, write) => write())

  const get = createRoute({
    method: 'get',
    path,
    tags,
    request: { headers: tenantHeaders, params: idParam },
    middleware: cachedReadScoped(deps),
    responses: { 200: jsonResponse(schema, docs.read), 403: denied, 404: notFound },
  })
  const remove = createRoute({
    method: 'delete',
    path,
    tags,
    summary: docs.deleteSummary,
    request: { headers: tenantHeaders, params: idParam },
    middleware: scoped(deps),
    responses: {
      200: jsonResponse(schema, 'Deleted; restorable'),
      403: denied,
      404: notFound,
      409: errorResponse('Already deleted'),
    },
  })
  const restore = createRoute({
    method: 'post',
    path: `${path}/restore`,
    tags,
    request: { headers: tenantHeaders, params: idParam },
    middleware: scoped(deps),
    responses: {
      200: jsonResponse(schema, 'Restored'),
      403: denied,
      404: notFound,
      409: errorResponse(docs.restoreConflict),
    },
  })

  const answer = async (c: Context, id: string) => (await load(deps, c, id)) as object

  return createRouter()
    .openapi(get, async (c) => {
      const { id } = c.req.valid('param')
      await deps.tenantDb.authorize(
        c,
        `${type}.view`,
        (await findResource(deps, c, type, id)).resource,
      )
      return c.json(await answer(c, id), 200)
    })
    .openapi(remove, async (c) => {
      const { id } = c.req.valid('param')
      const { row } = await lockForDeletion(deps, c, type, id, true)
      const deletedAt = await setDeleted(deps, c, type, id, true)
      await audit(c, {
        action: `authenticated.${type}.deleted`,
        target: { type, id },
        before: { ...auditedFields(type, row), deletedAt: null },
        after: { deletedAt },
      })
      return c.json(await answer(c, id), 200)
    })
    .openapi(restore, async (c) => {
      const { id } = c.req.valid('param')
      const { row } = await lockForDeletion(deps, c, type, id, false)
      await restoreWith(c, id, async () => {
        await setDeleted(deps, c, type, id, false)
      })
      await audit(c, {
        action: `authenticated.${type}.restored`,
        target: { type, id },
        before: { deletedAt: toIsoDate(row.deleted_at) },
        after: { deletedAt: null },
      })
      return c.json(await answer(c, id), 200)
    })
}

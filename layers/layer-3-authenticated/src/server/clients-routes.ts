import { createRoute } from '@hono/zod-openapi'
import type { Context } from 'hono'
import { sql } from 'kysely'
import {
  AppError,
  audit,
  createRouter,
  errorResponse,
  jsonBody,
  jsonResponse,
} from '@stratum/layer-core/server'
import { changedFields, containsPattern, tenantHeaders } from '@stratum/layer-multitenant/server'
import {
  clientListQuerySchema,
  clientPageSchema,
  clientSchema,
  createClientBodySchema,
  updateClientBodySchema,
} from '../shared/client-schemas.ts'
import { AuthenticatedErrorCode } from '../shared/errors.ts'
import {
  loadClient,
  selectClients,
  toClient,
  uniqueClientName,
  withClientColumns,
} from './client-queries.ts'
import { blankToNull } from './blank-to-null.ts'
import { auditedFields, CLIENT_COLUMNS, findResource } from './find-resource.ts'
import { cachedReadScoped, denied, idParam, itemRoutes, scoped as scopedTo } from './item-routes.ts'
import { withAccess } from './item-access.ts'
import { tags } from './openapi-tags.ts'
import { pageTotal, totalOverPage } from './page-total.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantTransaction } from './tenant-transaction.ts'
import { visibleTo } from './visible-to.ts'

const notFound = errorResponse('No such client in this tenant')
const nameTaken = errorResponse('Another client has this name (details.fields.name)')
const SORT_COLUMNS = {
  name: 'c.name',
  createdAt: 'c.created_at',
  updatedAt: 'c.updated_at',
} as const

/** `/api/app/clients`: CRUD with soft delete, own/all scopes and resource policies. */
export function clientsRoutes(deps: RouteDeps) {
  const { tenantDb } = deps
  const scoped = (permission?: string) => scopedTo(deps, permission)

  const list = createRoute({
    method: 'get',
    path: '/clients',
    tags,
    summary: 'Clients I may see: paginated, searchable, sortable',
    request: { headers: tenantHeaders, query: clientListQuerySchema },
    middleware: cachedReadScoped(deps),
    responses: { 200: jsonResponse(clientPageSchema, 'A page of clients'), 403: denied },
  })
  const create = createRoute({
    method: 'post',
    path: '/clients',
    tags,
    request: { headers: tenantHeaders, body: jsonBody(createClientBodySchema) },
    middleware: scoped('client.create'),
    responses: {
      201: jsonResponse(clientSchema, 'Created'),
      400: errorResponse('Invalid fields (details.fields)'),
      403: denied,
      409: nameTaken,
    },
  })
  const update = createRoute({
    method: 'patch',
    path: '/clients/{id}',
    tags,
    summary: 'Change a client (client.edit.own for yours, client.edit.all, or a canEdit policy)',
    request: { headers: tenantHeaders, params: idParam, body: jsonBody(updateClientBodySchema) },
    middleware: scoped(),
    responses: {
      200: jsonResponse(clientSchema, 'Updated'),
      403: denied,
      404: notFound,
      409: errorResponse('Name taken, or the client is deleted'),
    },
  })
  const tenantId = (c: Context) => tenantDb.context(c).tenant.id

  return createRouter()
    .openapi(list, async (c) => {
      const { page, pageSize, q, sort, order, status } = c.req.valid('query')
      let query = selectClients(deps, c)
      if (status === 'active') query = query.where('c.deleted_at', 'is', null)
      if (status === 'deleted') query = query.where('c.deleted_at', 'is not', null)
      if (q)
        query = query.where((eb) =>
          eb.or(
            ['c.name', 'c.email', 'c.phone'].map((col) =>
              eb(sql.ref(col), 'ilike', containsPattern(q)),
            ),
          ),
        )
      const visible = visibleTo(deps, c, 'client', 'c')
      if (visible) query = query.where(visible)
      const rows = await withClientColumns(query)
        .select(totalOverPage())
        .orderBy(SORT_COLUMNS[sort], order)
        .orderBy('c.id', order)
        .limit(pageSize)
        .offset((page - 1) * pageSize)
        .execute()
      const total = await pageTotal(rows, page, async () => {
        const { n } = await query
          .select((eb) => eb.fn.countAll<string>().as('n'))
          .executeTakeFirstOrThrow()
        return n
      })
      return c.json(
        { items: await withAccess(deps, c, 'client', rows.map(toClient)), total, page, pageSize },
        200,
      )
    })
    .openapi(create, async (c) => {
      const body = c.req.valid('json')
      const ctx = tenantDb.context(c)
      const row = await uniqueClientName(() =>
        tenantTransaction(deps, c)
          .insertInto('app_clients')
          .values({
            tenant_id: ctx.tenant.id,
            name: body.name,
            email: blankToNull(body.email) ?? null,
            phone: blankToNull(body.phone) ?? null,
            notes: blankToNull(body.notes) ?? null,
            created_by: ctx.userId,
          })
          .returning(CLIENT_COLUMNS)
          .executeTakeFirstOrThrow(),
      )
      await audit(c, {
        action: 'authenticated.client.created',
        target: { type: 'client', id: row.id },
        after: auditedFields('client', row),
      })
      return c.json(await loadClient(deps, c, row.id), 201)
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const { row, resource } = await findResource(deps, c, 'client', id, { lock: true })
      await tenantDb.authorize(c, 'client.edit', resource)
      if (row.deleted_at)
        throw new AppError(
          409,
          AuthenticatedErrorCode.CLIENT_DELETED,
          'This client is deleted; restore it first.',
        )
      const values = Object.fromEntries(
        Object.entries(body)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => [k, blankToNull(v)]),
      )
      if (Object.keys(values).length > 0) {
        const updated = await uniqueClientName(() =>
          tenantTransaction(deps, c)
            .updateTable('app_clients')
            .set({ ...values, updated_at: sql`now()` })
            .where('tenant_id', '=', tenantId(c))
            .where('id', '=', id)
            .returning(CLIENT_COLUMNS)
            .executeTakeFirstOrThrow(),
        )
        await audit(c, {
          action: 'authenticated.client.updated',
          target: { type: 'client', id },
          ...changedFields(
            auditedFields('client', row),
            auditedFields('client', updated),
            Object.keys(values),
          ),
        })
      }
      return c.json(await loadClient(deps, c, id), 200)
    })
    .route(
      '/',
      itemRoutes(deps, {
        type: 'client',
        schema: clientSchema,
        load: loadClient,
        docs: {
          read: 'The client, deleted or not',
          notFound: 'No such client in this tenant',
          deleteSummary:
            'Soft-delete a client (client.delete or a canDelete policy); its projects stay',
          restoreConflict: 'Not deleted, or its name was taken meanwhile',
        },
        // Restoring can collide with a live client that took the name meanwhile.
        restore: (_c, _id, write) => uniqueClientName(write),
      }),
    )
}

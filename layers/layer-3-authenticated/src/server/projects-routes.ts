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
import { AuthenticatedErrorCode } from '../shared/errors.ts'
import {
  createProjectBodySchema,
  projectListQuerySchema,
  projectPageSchema,
  projectSchema,
  updateProjectBodySchema,
} from '../shared/project-schemas.ts'
import { auditedFields, findResource, PROJECT_COLUMNS } from './find-resource.ts'
import { cachedReadScoped, denied, idParam, itemRoutes, scoped as scopedTo } from './item-routes.ts'
import {
  loadProject,
  requireUsableClient,
  selectProjects,
  toProject,
  withProjectColumns,
} from './project-queries.ts'
import { withAccess } from './item-access.ts'
import { tags } from './openapi-tags.ts'
import { pageTotal, totalOverPage } from './page-total.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantTransaction } from './tenant-transaction.ts'
import { visibleTo } from './visible-to.ts'

const notFound = errorResponse('No such project in this tenant')
const SORT_COLUMNS = {
  name: 'p.name',
  status: 'p.status',
  budget: 'p.budget',
  dueDate: 'p.due_date',
  createdAt: 'p.created_at',
  updatedAt: 'p.updated_at',
} as const

/**
 * `/api/app/projects`: one flat collection, filtered by `clientId`, rather than routes nested
 * under each client: the same list serves a client's page and a board of every project, and a
 * project can move to another client with a PATCH.
 */
export function projectsRoutes(deps: RouteDeps) {
  const { tenantDb } = deps
  const scoped = (permission?: string) => scopedTo(deps, permission)

  const list = createRoute({
    method: 'get',
    path: '/projects',
    tags,
    summary: 'Projects I may see: paginated, searchable (project or client name), sortable',
    request: { headers: tenantHeaders, query: projectListQuerySchema },
    middleware: cachedReadScoped(deps),
    responses: { 200: jsonResponse(projectPageSchema, 'A page of projects'), 403: denied },
  })
  const create = createRoute({
    method: 'post',
    path: '/projects',
    tags,
    summary: 'Create a project for a client I may see',
    request: { headers: tenantHeaders, body: jsonBody(createProjectBodySchema) },
    middleware: scoped('project.create'),
    responses: {
      201: jsonResponse(projectSchema, 'Created'),
      400: errorResponse('Invalid fields (details.fields)'),
      403: denied,
      404: errorResponse('No such client (details.fields.clientId)'),
      409: errorResponse('The client is deleted'),
    },
  })
  const update = createRoute({
    method: 'patch',
    path: '/projects/{id}',
    tags,
    summary: 'Change a project (project.edit.own for yours, project.edit.all, or a canEdit policy)',
    request: { headers: tenantHeaders, params: idParam, body: jsonBody(updateProjectBodySchema) },
    middleware: scoped(),
    responses: {
      200: jsonResponse(projectSchema, 'Updated'),
      403: denied,
      404: notFound,
      409: errorResponse('The project or the new client is deleted'),
    },
  })
  const tenantId = (c: Context) => tenantDb.context(c).tenant.id

  return createRouter()
    .openapi(list, async (c) => {
      const { page, pageSize, q, sort, order, status, clientId, projectStatus } =
        c.req.valid('query')
      let query = selectProjects(deps, c)
      if (status === 'active') query = query.where('p.deleted_at', 'is', null)
      if (status === 'deleted') query = query.where('p.deleted_at', 'is not', null)
      if (clientId) query = query.where('p.client_id', '=', clientId)
      if (projectStatus) query = query.where('p.status', '=', projectStatus)
      if (q)
        query = query.where((eb) =>
          eb.or([
            eb('p.name', 'ilike', containsPattern(q)),
            eb('c.name', 'ilike', containsPattern(q)),
          ]),
        )
      const visible = visibleTo(deps, c, 'project', 'p')
      if (visible) query = query.where(visible)
      const rows = await withProjectColumns(query)
        .select(totalOverPage())
        .orderBy(SORT_COLUMNS[sort], (ob) => (order === 'asc' ? ob.asc() : ob.desc()).nullsLast())
        .orderBy('p.id', order)
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
        { items: await withAccess(deps, c, 'project', rows.map(toProject)), total, page, pageSize },
        200,
      )
    })
    .openapi(create, async (c) => {
      const body = c.req.valid('json')
      const ctx = tenantDb.context(c)
      await requireUsableClient(deps, c, body.clientId)
      const row = await tenantTransaction(deps, c)
        .insertInto('app_projects')
        .values({
          tenant_id: ctx.tenant.id,
          client_id: body.clientId,
          name: body.name,
          status: body.status,
          budget: body.budget ?? null,
          due_date: body.dueDate ?? null,
          created_by: ctx.userId,
        })
        .returning(PROJECT_COLUMNS)
        .executeTakeFirstOrThrow()
      await audit(c, {
        action: 'authenticated.project.created',
        target: { type: 'project', id: row.id },
        after: auditedFields('project', row),
      })
      return c.json(await loadProject(deps, c, row.id), 201)
    })
    .openapi(update, async (c) => {
      const { id } = c.req.valid('param')
      const body = c.req.valid('json')
      const { row, resource } = await findResource(deps, c, 'project', id, { lock: true })
      await tenantDb.authorize(c, 'project.edit', resource)
      if (row.deleted_at)
        throw new AppError(
          409,
          AuthenticatedErrorCode.PROJECT_DELETED,
          'This project is deleted; restore it first.',
        )
      if (body.clientId !== undefined) await requireUsableClient(deps, c, body.clientId)
      const values = {
        ...(body.clientId === undefined ? {} : { client_id: body.clientId }),
        ...(body.name === undefined ? {} : { name: body.name }),
        ...(body.status === undefined ? {} : { status: body.status }),
        ...(body.budget === undefined ? {} : { budget: body.budget }),
        ...(body.dueDate === undefined ? {} : { due_date: body.dueDate }),
      }
      if (Object.keys(values).length > 0) {
        const updated = await tenantTransaction(deps, c)
          .updateTable('app_projects')
          .set({ ...values, updated_at: sql`now()` })
          .where('tenant_id', '=', tenantId(c))
          .where('id', '=', id)
          .returning(PROJECT_COLUMNS)
          .executeTakeFirstOrThrow()
        await audit(c, {
          action: 'authenticated.project.updated',
          target: { type: 'project', id },
          ...changedFields(
            auditedFields('project', row),
            auditedFields('project', updated),
            Object.keys(body),
          ),
        })
      }
      return c.json(await loadProject(deps, c, id), 200)
    })
    .route(
      '/',
      itemRoutes(deps, {
        type: 'project',
        schema: projectSchema,
        load: loadProject,
        docs: {
          read: 'The project, deleted or not',
          notFound: 'No such project in this tenant',
          deleteSummary: 'Soft-delete a project (project.delete or a canDelete policy)',
          restoreConflict: 'Not deleted, or its client is deleted',
        },
        restore: async (c, id, write) => {
          const project = await loadProject(deps, c, id)
          const client = await findResource(deps, c, 'client', project.client.id)
          if (client.row.deleted_at)
            throw new AppError(
              409,
              AuthenticatedErrorCode.CLIENT_DELETED,
              'Its client is deleted; restore the client first.',
            )
          await write()
        },
      }),
    )
}

import type { Context } from 'hono'
import { sql } from 'kysely'
import { AppError } from '@stratum/layer-core/server'
import { AuthenticatedErrorCode } from '../shared/errors.ts'
import type { Project } from '../shared/project-schemas.ts'
import { findResource } from './find-resource.ts'
import { isoTimestamp } from './iso-timestamp.ts'
import { withAccessOne } from './item-access.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantTransaction } from './tenant-transaction.ts'

/** Projects of the request's tenant, joined to their client. */
export const selectProjects = (deps: RouteDeps, c: Context) =>
  tenantTransaction(deps, c)
    .selectFrom('app_projects as p')
    .innerJoin('app_clients as c', (j) =>
      j.onRef('c.tenant_id', '=', 'p.tenant_id').onRef('c.id', '=', 'p.client_id'),
    )
    .where('p.tenant_id', '=', deps.tenantDb.context(c).tenant.id)

/** The columns of the public form. */
export const withProjectColumns = (query: ReturnType<typeof selectProjects>) =>
  query.select([
    'p.id',
    'p.name',
    'p.status',
    'p.budget',
    'p.created_by',
    isoTimestamp('p.created_at').as('created_at'),
    isoTimestamp('p.updated_at').as('updated_at'),
    isoTimestamp<string | null>('p.deleted_at').as('deleted_at'),
    'c.id as client_id',
    'c.name as client_name',
    // A date has no time zone: read it as text so no driver turns it into a shifted Date.
    sql<string | null>`p.due_date::text`.as('due_date'),
  ])

type ProjectRow = Awaited<
  ReturnType<ReturnType<typeof withProjectColumns>['executeTakeFirstOrThrow']>
>

/** A selected row in its public form, but for what the caller may do with it (`withAccess`). */
export const toProject = (r: ProjectRow): Omit<Project, 'access'> => ({
  id: r.id,
  client: { id: r.client_id, name: r.client_name },
  name: r.name,
  status: r.status,
  // numeric(14,2) has at most 14 digits: a double holds it exactly enough to print it back.
  budget: r.budget === null ? null : Number(r.budget),
  dueDate: r.due_date,
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
})

/** The public form of a project known to exist, with what the caller may do with it. */
export async function loadProject(deps: RouteDeps, c: Context, id: string): Promise<Project> {
  const query = withProjectColumns(selectProjects(deps, c)).where('p.id', '=', id)
  return withAccessOne(deps, c, 'project', toProject(await query.executeTakeFirstOrThrow()))
}

/**
 * A project may only hang off a live client the caller may see: 404 (with
 * `details.fields.clientId`) for an unknown client, 403 without view access, 409 if deleted.
 */
export async function requireUsableClient(deps: RouteDeps, c: Context, clientId: string) {
  const client = await findResource(deps, c, 'client', clientId, { field: 'clientId' })
  await deps.tenantDb.authorize(c, 'client.view', client.resource)
  if (client.row.deleted_at) {
    throw new AppError(
      409,
      AuthenticatedErrorCode.CLIENT_DELETED,
      'This client is deleted; restore it first.',
      { fields: { clientId: ['This client is deleted.'] } },
    )
  }
}

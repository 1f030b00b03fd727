import type { Context } from 'hono'
import { sql } from 'kysely'
import { AppError } from '@stratum/layer-core/server'
import { toIsoDate } from '@stratum/layer-multitenant/server'
import type { Resource } from '@stratum/layer-multitenant/shared'
import { AuthenticatedErrorCode } from '../shared/errors.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantTransaction } from './tenant-transaction.ts'

/** The kinds of item this layer keeps. */
export type ResourceType = 'client' | 'project'

const TABLES = { client: 'app_clients', project: 'app_projects' } as const
const NOT_FOUND = {
  client: [AuthenticatedErrorCode.CLIENT_NOT_FOUND, 'There is no such client in this tenant.'],
  project: [AuthenticatedErrorCode.PROJECT_NOT_FOUND, 'There is no such project in this tenant.'],
} as const

const SHARED_COLUMNS = ['id', 'name', 'created_by', 'deleted_at'] as const
/** What `findResource` reads of a client, and an update of one returns. */
export const CLIENT_COLUMNS = [...SHARED_COLUMNS, 'email', 'phone', 'notes'] as const
/** What `findResource` reads of a project, and an update of one returns. */
export const PROJECT_COLUMNS = [
  ...SHARED_COLUMNS,
  'client_id',
  'status',
  'budget',
  // A date has no time zone: read it as text so no driver turns it into a shifted Date.
  sql<string | null>`due_date::text`.as('due_date'),
] as const

/** A row of each type as `findResource` reads it. */
export interface ResourceRows {
  client: {
    id: string
    name: string
    created_by: string | null
    deleted_at: Date | null
    email: string | null
    phone: string | null
    notes: string | null
  }
  project: {
    id: string
    name: string
    created_by: string | null
    deleted_at: Date | null
    client_id: string
    status: 'planned' | 'active' | 'done'
    budget: string | null
    due_date: string | null
  }
}

/** A client or project found in the request's tenant, and the resource `authorize()` decides on. */
export interface Found<T extends ResourceType = ResourceType> {
  row: ResourceRows[T]
  resource: Resource
}

/**
 * The fields of a row that audit records show, named as the API names them: what a change
 * record's `before` and `after` hold.
 */
export function auditedFields<T extends ResourceType>(
  type: T,
  row: ResourceRows[T],
): Record<string, unknown> {
  if (type === 'client') {
    const { name, email, phone, notes } = row as ResourceRows['client']
    return { name, email, phone, notes }
  }
  const project = row as ResourceRows['project']
  return {
    clientId: project.client_id,
    name: project.name,
    status: project.status,
    budget: project.budget === null ? null : Number(project.budget),
    dueDate: project.due_date,
  }
}

/**
 * Reads one client or project of the current tenant (row-level security hides every other tenant's
 * rows, so another tenant's id is simply not found), locked `for update` when it is about to change.
 * @throws 404 `CLIENT_NOT_FOUND` / `PROJECT_NOT_FOUND`, with `details.fields[field]` when named
 */
export async function findResource<T extends ResourceType>(
  deps: RouteDeps,
  c: Context,
  type: T,
  id: string,
  options: { lock?: boolean; field?: string } = {},
): Promise<Found<T>> {
  const db = tenantTransaction(deps, c)
  const tenantId = deps.tenantDb.context(c).tenant.id
  const lock = options.lock === true
  const row = (
    type === 'client'
      ? await db
          .selectFrom('app_clients')
          .select(CLIENT_COLUMNS)
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .$if(lock, (query) => query.forUpdate())
          .executeTakeFirst()
      : await db
          .selectFrom('app_projects')
          .select(PROJECT_COLUMNS)
          .where('tenant_id', '=', tenantId)
          .where('id', '=', id)
          .$if(lock, (query) => query.forUpdate())
          .executeTakeFirst()
  ) as ResourceRows[T] | undefined
  if (!row) {
    const [code, message] = NOT_FOUND[type]
    throw new AppError(
      404,
      code,
      message,
      options.field ? { fields: { [options.field]: [message] } } : undefined,
    )
  }
  return { row, resource: { type, id: row.id, createdBy: row.created_by ?? undefined } }
}

const ALREADY_DELETED = {
  client: [AuthenticatedErrorCode.CLIENT_DELETED, 'This client is already deleted.'],
  project: [AuthenticatedErrorCode.PROJECT_DELETED, 'This project is already deleted.'],
} as const

/**
 * The shared start of delete and restore: finds and locks the row, checks `<type>.delete` (or a
 * `canDelete` policy), and refuses a row that is already deleted (or, to restore, not deleted).
 * @throws 409 `CLIENT_DELETED` / `PROJECT_DELETED` or `NOT_DELETED`
 */
export async function lockForDeletion<T extends ResourceType>(
  deps: RouteDeps,
  c: Context,
  type: T,
  id: string,
  deleting: boolean,
): Promise<Found<T>> {
  const found = await findResource(deps, c, type, id, { lock: true })
  await deps.tenantDb.authorize(c, `${type}.delete`, found.resource)
  if (deleting && found.row.deleted_at) {
    const [code, message] = ALREADY_DELETED[type]
    throw new AppError(409, code, message)
  }
  if (!deleting && !found.row.deleted_at) {
    throw new AppError(409, AuthenticatedErrorCode.NOT_DELETED, `This ${type} is not deleted.`)
  }
  return found
}

/**
 * Soft-deletes (or restores) one client or project of the current tenant.
 * @returns the deletion time as ISO text, or null after a restore
 */
export async function setDeleted(
  deps: RouteDeps,
  c: Context,
  type: ResourceType,
  id: string,
  deleted: boolean,
): Promise<string | null> {
  const row = await tenantTransaction(deps, c)
    .updateTable(TABLES[type])
    .set({ deleted_at: deleted ? sql`now()` : null, updated_at: sql`now()` })
    .where('tenant_id', '=', deps.tenantDb.context(c).tenant.id)
    .where('id', '=', id)
    .returning('deleted_at')
    .executeTakeFirstOrThrow()
  return toIsoDate(row.deleted_at)
}

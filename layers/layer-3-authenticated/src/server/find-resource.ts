import type { Context } from 'hono'
import { sql } from 'kysely'
import { AppError } from '@stratum/layer-core/server'
import type { Resource } from '@stratum/layer-multitenant/shared'
import { AuthenticatedErrorCode } from '../shared/errors.ts'
import { tdb, type RouteDeps } from './route-kit.ts'

const TABLES = { client: 'app_clients', project: 'app_projects' } as const
const NOT_FOUND = {
  client: [AuthenticatedErrorCode.CLIENT_NOT_FOUND, 'There is no such client in this tenant.'],
  project: [AuthenticatedErrorCode.PROJECT_NOT_FOUND, 'There is no such project in this tenant.'],
} as const

/** A client or project found in the request's tenant, and the resource `authorize()` decides on. */
export interface Found {
  row: { id: string; name: string; created_by: string | null; deleted_at: Date | null }
  resource: Resource
}

/**
 * Reads one client or project of the current tenant (row-level security hides every other tenant's
 * rows, so another tenant's id is simply not found), locked `for update` when it is about to change.
 * @throws 404 `CLIENT_NOT_FOUND` / `PROJECT_NOT_FOUND`, with `details.fields[field]` when named
 */
export async function findResource(
  deps: RouteDeps,
  c: Context,
  type: 'client' | 'project',
  id: string,
  options: { lock?: boolean; field?: string } = {},
): Promise<Found> {
  let query = tdb(deps, c)
    .selectFrom(TABLES[type])
    .select(['id', 'name', 'created_by', 'deleted_at'])
    .where('tenant_id', '=', deps.tenantDb.context(c).tenant.id)
    .where('id', '=', id)
  if (options.lock) query = query.forUpdate()
  const row = await query.executeTakeFirst()
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
export async function lockForDeletion(
  deps: RouteDeps,
  c: Context,
  type: 'client' | 'project',
  id: string,
  deleting: boolean,
): Promise<Found> {
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

/** Soft-deletes (or restores) one client or project of the current tenant. */
export async function setDeleted(
  deps: RouteDeps,
  c: Context,
  type: 'client' | 'project',
  id: string,
  deleted: boolean,
): Promise<void> {
  await tdb(deps, c)
    .updateTable(TABLES[type])
    .set({ deleted_at: deleted ? sql`now()` : null, updated_at: sql`now()` })
    .where('tenant_id', '=', deps.tenantDb.context(c).tenant.id)
    .where('id', '=', id)
    .execute()
}

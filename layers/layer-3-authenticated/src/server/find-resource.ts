import type { Context } from 'hono'
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

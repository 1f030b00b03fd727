import type { Context } from 'hono'
import { AppError } from '@stratum/layer-core/server'
import { isUniqueViolation } from '@stratum/layer-multitenant/server'
import type { Client } from '../shared/client-schemas.ts'
import { AuthenticatedErrorCode } from '../shared/errors.ts'
import { isoTimestamp } from './iso-timestamp.ts'
import { withAccessOne } from './item-access.ts'
import type { RouteDeps } from './route-deps.ts'
import { tenantTransaction } from './tenant-transaction.ts'

/** Clients of the request's tenant (row-level security hides the rest anyway). */
export const selectClients = (deps: RouteDeps, c: Context) =>
  tenantTransaction(deps, c)
    .selectFrom('app_clients as c')
    .where('c.tenant_id', '=', deps.tenantDb.context(c).tenant.id)

/** The columns of the public form, with the count of live projects. */
export const withClientColumns = (query: ReturnType<typeof selectClients>) =>
  query.select((eb) => [
    'c.id',
    'c.name',
    'c.email',
    'c.phone',
    'c.notes',
    'c.created_by',
    isoTimestamp('c.created_at').as('created_at'),
    isoTimestamp('c.updated_at').as('updated_at'),
    isoTimestamp<string | null>('c.deleted_at').as('deleted_at'),
    eb
      .selectFrom('app_projects as p')
      .select((p) => p.fn.countAll<string>().as('n'))
      .whereRef('p.tenant_id', '=', 'c.tenant_id')
      .whereRef('p.client_id', '=', 'c.id')
      .where('p.deleted_at', 'is', null)
      .as('project_count'),
  ])

type ClientRow = Awaited<
  ReturnType<ReturnType<typeof withClientColumns>['executeTakeFirstOrThrow']>
>

/** A selected row in its public form, but for what the caller may do with it (`withAccess`). */
export const toClient = (r: ClientRow): Omit<Client, 'access'> => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  notes: r.notes,
  projectCount: Number(r.project_count ?? 0),
  createdBy: r.created_by,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
  deletedAt: r.deleted_at,
})

/** The public form of a client known to exist, with what the caller may do with it. */
export async function loadClient(deps: RouteDeps, c: Context, id: string): Promise<Client> {
  const query = withClientColumns(selectClients(deps, c)).where('c.id', '=', id)
  return withAccessOne(deps, c, 'client', toClient(await query.executeTakeFirstOrThrow()))
}

/**
 * Runs a write that may hit the live-name unique index; a clash (even a concurrent one) becomes
 * 409 with `details.fields.name`.
 */
export async function uniqueClientName<T>(write: () => Promise<T>): Promise<T> {
  try {
    return await write()
  } catch (error) {
    if (!isUniqueViolation(error, 'app_clients_name_key')) throw error
    throw new AppError(
      409,
      AuthenticatedErrorCode.CLIENT_NAME_TAKEN,
      'Another client of this tenant has this name.',
      { fields: { name: ['Another client has this name.'] } },
    )
  }
}

import type { Context } from 'hono'
import { AppError } from '@stratum/layer-core/server'
import { isUniqueViolation, toIsoDate } from '@stratum/layer-multitenant/server'
import type { Client } from '../shared/client-schemas.ts'
import { AuthenticatedErrorCode } from '../shared/errors.ts'
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
    'c.created_at',
    'c.updated_at',
    'c.deleted_at',
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

/** A selected row in its public form. */
export const toClient = (r: ClientRow): Client => ({
  id: r.id,
  name: r.name,
  email: r.email,
  phone: r.phone,
  notes: r.notes,
  projectCount: Number(r.project_count ?? 0),
  createdBy: r.created_by,
  createdAt: toIsoDate(r.created_at),
  updatedAt: toIsoDate(r.updated_at),
  deletedAt: toIsoDate(r.deleted_at),
})

/** The public form of a client known to exist. */
export const loadClient = async (deps: RouteDeps, c: Context, id: string) =>
  toClient(
    await withClientColumns(selectClients(deps, c))
      .where('c.id', '=', id)
      .executeTakeFirstOrThrow(),
  )

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

import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { RouteDeps } from './route-deps.ts'
import type { AuthenticatedDatabase } from './tables.ts'

/** The request's tenant transaction, typed for this layer's tables. */
export const tenantTransaction = (deps: RouteDeps, c: Context): Kysely<AuthenticatedDatabase> =>
  deps.tenantDb.db<AuthenticatedDatabase>(c)

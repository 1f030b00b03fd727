import type { Context, MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import type { TenantDb } from '@stratum/layer-multitenant/server'
import { AppError, requestQueryObserver, type Database } from '@stratum/layer-core/server'
import { LoggingErrorCode } from '../shared/errors.ts'
import type { LoggingPermission } from '../shared/permissions.ts'
import { ALL_SCOPE } from './audit-chain.ts'
import type { LoggingDatabase } from './tables.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** The transaction the console reads through: every tenant, or the tenant of X-Tenant-ID. */
    loggingDb: Kysely<LoggingDatabase>
    /** The tenant the console is limited to, when it is. */
    loggingTenant: string | undefined
  }
}

/** What the console's access check needs. */
export interface AccessDeps {
  database: Database
  requireAuth: MiddlewareHandler
  currentUser: (c: Context) => AuthPrincipal
  tenantDb: TenantDb | undefined
  /** Emails by user id (the auth layer's `auth.userEmails`), to name the actors. */
  userEmails?:
    | ((
        ids: readonly string[],
        transaction?: Kysely<unknown>,
      ) => Promise<ReadonlyMap<string, string>>)
    | undefined
}

/**
 * Guards a console route. A superadmin reads every tenant (an `app.logging_all` transaction) and
 * the entries of no tenant (sign-in pages, the server itself), narrowing with the `tenantId`
 * filter; the `X-Tenant-ID` the SPA sends for the tenant they are working in does not narrow it.
 * Anyone else names a tenant, needs `permission` there, and reads through the tenant transaction,
 * where row-level security shows that tenant's rows only. The console only reads: both
 * transactions are read-only (`TransactionOptions.readOnly`), so PostgreSQL refuses a write in them.
 */
export function loggingAccess(deps: AccessDeps, permission: LoggingPermission): MiddlewareHandler {
  const { database, requireAuth, currentUser, tenantDb } = deps
  const tenantScoped: MiddlewareHandler = async (c, next) => {
    if (!tenantDb)
      throw new AppError(
        403,
        LoggingErrorCode.LOGGING_FORBIDDEN,
        'Only a superadmin may see this.',
        {
          permission,
        },
      )
    await tenantDb.readScope(c, async () => {
      await tenantDb.authorize(c, permission)
      c.set('loggingDb', tenantDb.db<LoggingDatabase>(c))
      c.set('loggingTenant', tenantDb.context(c).tenant.id)
      await next()
    })
  }
  return async function loggingAccessMiddleware(c, next) {
    await requireAuth(c, async () => {
      if (currentUser(c).isSuperadmin) {
        await database.withSettings(
          ALL_SCOPE,
          async (trx) => {
            c.set('loggingDb', trx as Kysely<LoggingDatabase>)
            c.set('loggingTenant', undefined)
            await next()
          },
          requestQueryObserver(c),
          { readOnly: true },
        )
        return
      }
      await tenantScoped(c, next)
    })
  }
}

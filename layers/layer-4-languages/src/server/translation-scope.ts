import type { Context, MiddlewareHandler } from 'hono'
import type { Kysely } from 'kysely'
import {
  AppError,
  requestQueryObserver,
  setRequestTenant,
  type Database,
} from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import type { AuthPrincipal } from '@stratum/layer-auth/server'
import type { TenantDb } from '@stratum/layer-multitenant/server'
import { LanguagesErrorCode } from '../shared/errors.ts'
import type { TenantScope } from '../shared/translation-schemas.ts'
import type { LanguagesDatabase } from './tables.ts'

/** What the admin routes run on. */
export interface ScopeDeps {
  database: Database
  requireAuth: MiddlewareHandler
  currentUser: (c: Context) => AuthPrincipal
  /** Undefined when the multitenant layer is disabled: only global values then. */
  tenantDb: TenantDb | undefined
}

/** The scope a write acts in: `tenantId` null for global rows. */
export interface ActingScope {
  trx: Kysely<LanguagesDatabase>
  tenantId: string | null
  userId: string
}

/** 403 in the platform's shape, naming the permission. */
export const permissionDenied = (permission: string) =>
  new AppError(403, CoreErrorCode.FORBIDDEN, `You need the permission '${permission}' for this.`, {
    permission,
  })

/** Only a superadmin holds `i18n.manage` (global values and locales). */
export function requireGlobalManager(deps: ScopeDeps, c: Context): AuthPrincipal {
  const user = deps.currentUser(c)
  if (!user.isSuperadmin) throw permissionDenied('i18n.manage')
  return user
}

/**
 * Runs `fn` in one transaction of the scope the request names, as the request's transaction (so
 * audit records commit with it). Global: superadmin only, with `app.i18n_scope = 'global'` and no
 * tenant, the only setting under which row-level security lets global rows be written. A tenant:
 * `X-Tenant-ID` must name the same tenant, and the caller needs `i18n.tenant-manage` there; the
 * transaction sets `app.tenant_id`, so only that tenant's rows can be written.
 */
export async function inScope<T>(
  deps: ScopeDeps,
  c: Context,
  scope: TenantScope,
  fn: (acting: ActingScope) => Promise<T>,
): Promise<T> {
  if (scope === 'global') {
    const user = requireGlobalManager(deps, c)
    return deps.database.withSettings(
      { 'app.i18n_scope': 'global', 'app.user_id': user.id },
      async (trx) => {
        c.set('transaction', trx)
        try {
          return await fn({
            trx: trx as Kysely<LanguagesDatabase>,
            tenantId: null,
            userId: user.id,
          })
        } finally {
          c.set('transaction', undefined)
        }
      },
      requestQueryObserver(c),
    )
  }
  const { tenantDb } = deps
  if (!tenantDb)
    throw new AppError(
      400,
      LanguagesErrorCode.TENANTS_DISABLED,
      'Tenant wording needs the multitenant layer, which is disabled.',
    )
  const context = await tenantDb.resolve(c)
  if (context.tenant.id !== scope)
    throw new AppError(
      400,
      LanguagesErrorCode.TENANT_MISMATCH,
      'The tenant field and the X-Tenant-ID header name different tenants.',
    )
  c.set('tenantContext', context)
  await tenantDb.authorize(c, 'i18n.tenant-manage')
  return deps.database.withSettings(
    { 'app.tenant_id': context.tenant.id, 'app.user_id': context.userId },
    async (trx) => {
      setRequestTenant(c, context.tenant.id, trx)
      try {
        return await fn({
          trx: trx as Kysely<LanguagesDatabase>,
          tenantId: context.tenant.id,
          userId: context.userId,
        })
      } finally {
        c.set('transaction', undefined)
      }
    },
    requestQueryObserver(c),
  )
}

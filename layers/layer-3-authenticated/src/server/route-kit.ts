import type { Context } from 'hono'
import { sql, type ExpressionBuilder, type Kysely } from 'kysely'
import type { HookBus } from '@stratum/layer-core/server'
import { can } from '@stratum/layer-multitenant/shared'
import type { TenantDb } from '@stratum/layer-multitenant/server'
import type { AuthenticatedDatabase } from './tables.ts'

/** What the tenant-scoped route modules of this layer receive. */
export interface RouteDeps {
  tenantDb: TenantDb
  hooks: HookBus
}

/** OpenAPI tag of this layer's routes. */
export const tags = ['app']

/** ISO time of a timestamp column, or null. */
export const iso = (d: unknown): string | null =>
  d === null || d === undefined ? null : new Date(d as string).toISOString()

/** `q` as an ILIKE pattern that matches it as a substring: `%`, `_` and `\` match themselves. */
export const containsPattern = (q: string) => `%${q.replace(/[\\%_]/g, '\\$&')}%`

/** Empty form fields are stored as NULL. */
export const blankToNull = <T>(v: T | '' | null | undefined): T | null | undefined =>
  v === '' ? null : v

/** The request's tenant transaction, typed for this layer's tables. */
export const tdb = (deps: RouteDeps, c: Context): Kysely<AuthenticatedDatabase> =>
  deps.tenantDb.db<AuthenticatedDatabase>(c)

/** Emits an audit event for a change in the request's tenant (stored once a logging layer listens). */
export function audit(
  deps: RouteDeps,
  c: Context,
  action: string,
  target: { type: string; id: string },
  details?: Record<string, unknown>,
): Promise<void> {
  const ctx = deps.tenantDb.context(c)
  return deps.hooks.emit('audit', {
    action,
    actorId: ctx.userId,
    tenantId: ctx.tenant.id,
    target,
    details,
    requestId: c.get('requestId'),
  })
}

/**
 * The rows of `type` the caller may see, as a where-clause: all of them with `<type>.view` for any
 * resource; otherwise the ones they created (with `<type>.view.own`) and the ones shared with them
 * by a live `canView` policy. Mirrors `can()` so lists agree with `GET /{id}`.
 */
export function visibleTo(deps: RouteDeps, c: Context, type: 'client' | 'project', alias: string) {
  const ctx = deps.tenantDb.context(c)
  const subject = {
    userId: ctx.userId,
    isSuperadmin: ctx.isSuperadmin,
    permissions: ctx.permissions,
  }
  if (can(subject, `${type}.view.all`)) return undefined
  const own = can(subject, `${type}.view.own`)
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  return (eb: ExpressionBuilder<any, any>) => {
    const shared = eb(
      `${alias}.id`,
      'in',
      eb
        .selectFrom('resource_policies as rp')
        .select('rp.resource_id')
        .where('rp.user_id', '=', ctx.userId)
        .where('rp.resource_type', '=', type)
        .where('rp.can_view', '=', true)
        .where((p) =>
          p.or([p('rp.expires_at', 'is', null), p('rp.expires_at', '>', sql<Date>`now()`)]),
        ),
    )
    return own ? eb.or([eb(`${alias}.created_by`, '=', ctx.userId), shared]) : shared
  }
}

/** True when `error` is PostgreSQL's unique violation of `constraint` (pg and PGlite alike). */
export const violates = (error: unknown, constraint: string): boolean =>
  error instanceof Error &&
  (error as { code?: string }).code === '23505' &&
  error.message.includes(constraint)

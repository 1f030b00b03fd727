import type { Context } from 'hono'
import { sql, type ExpressionBuilder } from 'kysely'
import { can } from '@stratum/layer-multitenant/shared'
import type { RouteDeps } from './route-deps.ts'

/**
 * The rows of `type` the caller may see, as a where-clause: all of them with `<type>.view` for any
 * resource; otherwise the ones they created (with `<type>.view.own`) and the ones shared with them
 * by a live `canView` policy. Mirrors `can()` so lists agree with `GET /{id}`.
 */
export function visibleTo(deps: RouteDeps, c: Context, type: 'client' | 'project', alias: string) {
  const ctx = deps.tenantDb.context(c)
  const subject = deps.tenantDb.subject(c)
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

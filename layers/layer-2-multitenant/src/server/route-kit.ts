import type { Context } from 'hono'
import type { HookBus } from '@stratum/layer-core/server'
import type { TenantDb } from './tenant-context.ts'

/** What every multitenant route module receives. */
export interface RouteDeps {
  tenantDb: TenantDb
  hooks: HookBus
}

const iso = (d: unknown) =>
  d === null || d === undefined ? null : new Date(d as string).toISOString()
export { iso }

/** Emits an audit event for a change made in the request's tenant (a no-op until layer 5). */
export function audit(
  deps: RouteDeps,
  c: Context,
  action: string,
  target?: { type: string; id: string },
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

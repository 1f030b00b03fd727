import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import type { AuditTrail } from './audit.ts'

declare module 'hono' {
  interface ContextVariableMap {
    /** The signed-in user, set by whichever layer authenticates the request. */
    actorId: string | undefined
    /**
     * The superadmin acting as `actorId` (impersonation), set with the actor: audit records and
     * transaction settings carry both identities.
     */
    assumedBy: string | undefined
    /** The tenant the request acts in, set by whichever layer resolves it. */
    tenantId: string | undefined
    /** The request's open database transaction, set by the layer that opened it. */
    // eslint-disable-next-line @typescript-eslint/no-explicit-any
    transaction: Kysely<any> | undefined
    /** Present only while at least one `core.audit` sink is contributed. */
    auditTrail: AuditTrail | undefined
  }
}

/**
 * The request's open transaction, when a layer opened one (layer 2 does for tenant-scoped routes).
 * Cross-cutting writers use it so their rows commit or roll back with the change.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const requestTransaction = (c: Context): Kysely<any> | undefined => c.get('transaction')

/**
 * Records who acts, for audit records and request events (the auth layer calls it), and the
 * superadmin acting on their behalf during an impersonation.
 */
export function setRequestActor(c: Context, actorId: string, assumedBy?: string): void {
  c.set('actorId', actorId)
  if (assumedBy) c.set('assumedBy', assumedBy)
}

/** Records the tenant and the request's open transaction (the multitenant layer calls it). */
export function setRequestTenant(
  c: Context,
  tenantId: string,
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  transaction?: Kysely<any>,
): void {
  c.set('tenantId', tenantId)
  if (transaction) c.set('transaction', transaction)
}

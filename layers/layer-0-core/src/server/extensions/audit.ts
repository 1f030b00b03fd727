import type { Context } from 'hono'
import type { Kysely } from 'kysely'
import { requestTransaction } from './request-scope.ts'

/** What a layer says about one auditable change; the rest is read from the request. */
export interface AuditInput {
  /** `<layer>.<resource>.<verb>`, for example `multitenant.member.role_changed`. */
  action: string
  /** What changed. */
  target?: { type: string; id: string }
  /** The values before the change (omit for a creation). Secrets must never be put here. */
  before?: Record<string, unknown>
  /** The values after the change (omit for a deletion). */
  after?: Record<string, unknown>
  /** Why, when the actor gave a reason or the system acted on its own (a lockout). */
  reason?: string
  /** Overrides the request's user, for events before sign-in completes (the user signing in). */
  actorId?: string
  /** Overrides the request's impersonating superadmin (an impersonation's own start and stop). */
  assumedBy?: string
  /** Overrides the request's tenant. */
  tenantId?: string
}

/** One audit record as a sink receives it. */
export interface AuditRecord {
  readonly action: string
  readonly actorId: string | undefined
  /** The superadmin acting as the actor (impersonation), from the request. */
  readonly assumedBy: string | undefined
  readonly tenantId: string | undefined
  readonly target: { type: string; id: string } | undefined
  readonly before: Record<string, unknown> | undefined
  readonly after: Record<string, unknown> | undefined
  readonly reason: string | undefined
  readonly requestId: string | undefined
  readonly ip: string | undefined
  readonly userAgent: string | undefined
  readonly at: Date
}

/**
 * `core.audit`: where audit records go. `write` gets the request's open transaction when there is
 * one, so the record commits or rolls back with the change it describes; a sink that throws there
 * fails the request. Without a transaction (sign-in, for example) it writes on its own.
 */
export interface AuditSink {
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  write(record: AuditRecord, transaction: Kysely<any> | undefined): void | Promise<void>
}

/**
 * Whether the sink at `index` runs for a request in `tenantId` (undefined: no tenant). The host
 * passes one so a sink contributed by a layer switched off for that tenant is skipped.
 */
export type AuditSinkFilter = (index: number, tenantId: string | undefined) => boolean

/** The per-host list of sinks the request context carries while at least one sink exists. */
export class AuditTrail {
  constructor(
    readonly sinks: readonly AuditSink[],
    private readonly onStandaloneError: (error: unknown, record: AuditRecord) => void,
    /** @default every sink runs */
    private readonly runs?: AuditSinkFilter,
  ) {}

  async record(c: Context, input: AuditInput): Promise<void> {
    const record: AuditRecord = {
      action: input.action,
      actorId: input.actorId ?? c.get('actorId'),
      assumedBy: input.assumedBy ?? c.get('assumedBy'),
      tenantId: input.tenantId ?? c.get('tenantId'),
      target: input.target,
      before: input.before,
      after: input.after,
      reason: input.reason,
      requestId: c.get('requestId'),
      ip: c.get('clientIp'),
      userAgent: c.req.header('user-agent'),
      at: new Date(),
    }
    const transaction = requestTransaction(c)
    const requestTenant = c.get('tenantId')
    for (const [index, sink] of this.sinks.entries()) {
      if (this.runs && !this.runs(index, requestTenant)) continue
      if (transaction) {
        await sink.write(record, transaction)
        continue
      }
      // With nothing to roll back, a failing sink must not turn a done change into an error.
      try {
        await sink.write(record, undefined)
      } catch (error) {
        this.onStandaloneError(error, record)
      }
    }
  }
}

/**
 * Records an audit event for the request: actor, tenant, request id, IP and user agent come from
 * the request context, and each `core.audit` sink gets the request's open transaction. With no
 * sink it returns at once.
 */
export function audit(c: Context, input: AuditInput): Promise<void> {
  const trail = c.get('auditTrail')
  return trail ? trail.record(c, input) : Promise.resolve()
}

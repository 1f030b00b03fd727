import { sql, type Kysely } from 'kysely'
import type { AuditRecord, AuditSink } from '@stratum/layer-core/server'
import { uuidOrNull } from './uuid.ts'

/** Keys never stored in an audit row, whatever a layer hands over (as the row trigger does). */
const SECRET_KEY = /token|code|secret|hash|password|otp/i

function withoutSecrets(values: Record<string, unknown> | undefined) {
  if (!values) return null
  return Object.fromEntries(Object.entries(values).filter(([key]) => !SECRET_KEY.test(key)))
}

/**
 * The `core.audit` sink: semantic events (sign-in, role change, with a reason) appended to the same
 * hash-chained table as row changes, through the request's transaction when it has one, so they
 * commit or roll back together; joined to the row changes by request id.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function auditSink(db: Kysely<any>): AuditSink {
  return {
    async write(record: AuditRecord, transaction) {
      const before = withoutSecrets(record.before)
      const after = withoutSecrets(record.after)
      const changed = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])]
      await sql`select logging_append_audit(
        ${record.action}, ${record.target?.type ?? null}, ${record.target?.id ?? null},
        ${before === null ? null : JSON.stringify(before)}::jsonb,
        ${after === null ? null : JSON.stringify(after)}::jsonb,
        ${changed.sort()}::text[], ${uuidOrNull(record.actorId)}::uuid,
        ${uuidOrNull(record.tenantId)}::uuid, ${record.requestId ?? null}, ${record.ip ?? null},
        ${record.userAgent?.slice(0, 500) ?? null}, ${record.reason ?? null},
        ${uuidOrNull(record.assumedBy)}::uuid)`.execute(transaction ?? db)
    },
  }
}

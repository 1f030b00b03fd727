import { z } from 'zod'
import { safeText } from '@stratum/layer-core/shared'
import { pageQueryBase, requestIdSchema, searchText } from './query-schemas.ts'

/** Query of `GET /api/admin/logging/audit`. */
export const auditQuerySchema = pageQueryBase.extend({
  userId: z.uuid().optional(),
  tenantId: z.uuid().optional(),
  /** `insert`, `update`, `delete` for row changes, or a semantic action (`auth.login`). */
  action: safeText().min(1).max(100).optional(),
  /** The table for row changes (`clients`), or the target type of a semantic event. */
  resourceType: safeText().min(1).max(100).optional(),
  resourceId: safeText().min(1).max(200).optional(),
  requestId: requestIdSchema.optional(),
  q: searchText,
})
export type AuditQuery = z.input<typeof auditQuerySchema>

/** Path of `GET /audit/resource/:type/:id`. */
export const auditResourceParamsSchema = z.object({
  type: safeText().min(1).max(100),
  id: safeText().min(1).max(200),
})

/** Path of `GET /audit/user/:id`. */
export const auditUserParamsSchema = z.object({ id: z.uuid() })

/** One audit row: a row change written by the trigger, or a semantic `core.audit` event. */
export const auditItemSchema = z.object({
  id: z.string(),
  /** ISO 8601. */
  timestamp: z.string(),
  userId: z.string().nullable(),
  tenantId: z.string().nullable(),
  action: z.string(),
  resourceType: z.string().nullable(),
  resourceId: z.string().nullable(),
  /** For updates, only the changed columns; secret columns never appear. */
  oldValues: z.record(z.string(), z.unknown()).nullable(),
  newValues: z.record(z.string(), z.unknown()).nullable(),
  changedFields: z.array(z.string()),
  ipAddress: z.string().nullable(),
  userAgent: z.string().nullable(),
  requestId: z.string().nullable(),
  reason: z.string().nullable(),
  /** The superadmin acting in the tenant, when one assumed it. */
  assumedBy: z.string().optional(),
  /** That superadmin's email, when the auth layer is on and the user still exists. */
  assumedByEmail: z.string().optional(),
  /** The actor's email, when the auth layer is on and the user still exists. */
  actorEmail: z.string().optional(),
  /** The resource's name, when its values carry one. */
  resourceName: z.string().optional(),
})
export type AuditItem = z.infer<typeof auditItemSchema>

/** A page of audit rows, newest first. */
export const auditPageSchema = z.object({
  items: z.array(auditItemSchema),
  nextCursor: z.string().optional(),
})
export type AuditPage = z.infer<typeof auditPageSchema>

/** Query of `GET /audit/verify`: one tenant's chain, or the platform chain without it. */
export const auditVerifyQuerySchema = z.object({ tenantId: z.uuid().optional() })

/** Result of walking a hash chain: the first row that was changed, or that is missing. */
export const auditVerifySchema = z.object({
  ok: z.boolean(),
  checked: z.number().int(),
  firstBroken: z.object({ id: z.string(), reason: z.enum(['changed', 'removed']) }).optional(),
})
export type AuditVerify = z.infer<typeof auditVerifySchema>

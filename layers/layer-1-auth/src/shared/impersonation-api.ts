import { z } from 'zod'
import { safeText } from '@stratum/layer-core/shared'
import { IMPERSONATION_LIMITS } from './impersonation-limits.ts'

const { reasonMin: MIN, reasonMax: MAX } = IMPERSONATION_LIMITS

/** `POST /api/auth/impersonation`: whom to act as, in which tenant, and why. */
export const startImpersonationBodySchema = z
  .object({
    userId: z.uuid(),
    /** The tenant the superadmin means to look at (recorded; the SPA switches to it). */
    tenantId: z.uuid().optional(),
    reason: safeText()
      .trim()
      .min(MIN, `Give a reason of at least ${MIN} characters.`)
      .max(MAX, `A reason has at most ${MAX} characters.`),
  })
  .strict()
export type StartImpersonationBody = z.input<typeof startImpersonationBodySchema>

/** The impersonation a session runs in, as `/me` reports it (the SPA's banner). */
export const impersonationSchema = z.object({
  by: z.object({ id: z.string(), email: z.string() }),
  /** ISO 8601: when it ends, whatever the refreshes. */
  endsAt: z.string(),
  reason: z.string(),
  tenantId: z.string().nullable(),
})
export type Impersonation = z.infer<typeof impersonationSchema>

/** An impersonation of the user's account, as their sessions list shows it. */
export const impersonationRecordSchema = z.object({
  id: z.string(),
  /** Only the superadmin's email: the user sees who acted, and why. */
  by: z.object({ email: z.string() }),
  reason: z.string(),
  startedAt: z.string(),
  endsAt: z.string(),
  /** When it was stopped; null while it runs or when it ran out its time. */
  endedAt: z.string().nullable(),
})
export type ImpersonationRecord = z.infer<typeof impersonationRecordSchema>

/** One live session (refresh-token family) of the signed-in user. */
export const sessionItemSchema = z.object({
  id: z.string(),
  createdAt: z.string(),
  lastUsedAt: z.string(),
  /** The browser it was started from, as it said; null for sessions older than the record. */
  userAgent: z.string().nullable(),
  /** The address it was last used from; null for sessions older than the record. */
  ip: z.string().nullable(),
  current: z.boolean(),
  /** Set when a superadmin is acting as the user in this session. */
  impersonatedBy: impersonationRecordSchema.nullable(),
})
export type SessionItem = z.infer<typeof sessionItemSchema>

/** `GET /api/auth/sessions`: live sessions, and the impersonations of the last 90 days. */
export const sessionsResponseSchema = z.object({
  sessions: z.array(sessionItemSchema),
  impersonations: z.array(impersonationRecordSchema),
})
export type SessionsResponse = z.infer<typeof sessionsResponseSchema>

/** `DELETE /api/auth/sessions`: how many other sessions were ended. */
export const endOtherSessionsResponseSchema = z.object({ ended: z.number().int().min(0) })
export type EndOtherSessionsResponse = z.infer<typeof endOtherSessionsResponseSchema>

/** Path of `DELETE /api/auth/sessions/{id}`. */
export const sessionParamsSchema = z.object({ id: z.uuid() })

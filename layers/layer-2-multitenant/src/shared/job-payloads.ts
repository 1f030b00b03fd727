import { z } from 'zod'

/**
 * An invite mail, rendered in the request and queued with the invite row. With `theme`, `html`
 * is the body only and the job puts it in that theme's frame (logo, colour) and sender name;
 * without it (jobs queued before themes were carried), `html` is sent as it is.
 */
export const inviteMailPayloadSchema = z.object({
  tenantId: z.uuid(),
  inviteId: z.uuid(),
  theme: z.string().max(63).optional(),
  /** The mail's locale, for `<html lang>`. */
  locale: z.string().max(35).optional(),
  message: z.object({
    to: z.string().min(3).max(320),
    subject: z.string().min(1).max(1000),
    text: z.string().min(1).max(100_000),
    html: z.string().min(1).max(200_000),
  }),
})
export type InviteMailPayload = z.infer<typeof inviteMailPayloadSchema>

/** The scheduled invite cleanup takes no input: its age comes from the environment. */
export const inviteCleanupPayloadSchema = z.object({})
export type InviteCleanupPayload = z.infer<typeof inviteCleanupPayloadSchema>

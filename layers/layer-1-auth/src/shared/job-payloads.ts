import { z } from 'zod'
import { LOCALE_CODE_PATTERN } from '@stratum/layer-core/shared'

/**
 * The sign-in code mail, as queued with the code row. The worker renders it, so the text is in
 * the locale and wording current when it is sent.
 */
export const otpMailPayloadSchema = z.object({
  codeId: z.uuid(),
  to: z.string().min(3).max(320),
  code: z.string().regex(/^\d{6}$/),
  locale: z.string().regex(LOCALE_CODE_PATTERN),
  /** Name of the theme the request came through (brand name and logo). */
  theme: z.string().min(1).max(100),
})
export type OtpMailPayload = z.infer<typeof otpMailPayloadSchema>

/** The scheduled sign-in cleanup takes no input: its ages come from the environment. */
export const authCleanupPayloadSchema = z.object({})
export type AuthCleanupPayload = z.infer<typeof authCleanupPayloadSchema>

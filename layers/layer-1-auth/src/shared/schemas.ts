import { z } from 'zod'
import { LOCALE_CODE_PATTERN, safeText } from '@stratum/layer-core/shared'
import { impersonationSchema } from './impersonation-api.ts'
import { AUTH_LIMITS } from './limits.ts'

/** Emails are trimmed and lower-cased, so one mailbox is one account. */
export const emailSchema = safeText()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter a valid email address.'))

export const otpCodeSchema = safeText()
  .trim()
  .regex(
    new RegExp(`^\\d{${AUTH_LIMITS.codeLength}}$`),
    `The code has ${AUTH_LIMITS.codeLength} digits.`,
  )

/**
 * A BCP 47 locale code (`pt-BR`, `fr-FR`). Locales are an open set, so any well-formed code
 * passes; the server treats one that is not live as absent and falls back to the default.
 */
export const localeSchema = safeText()
  .max(35, 'A locale code has at most 35 characters.')
  .regex(LOCALE_CODE_PATTERN, 'Enter a locale code like pt-BR.')

export const requestOtpBodySchema = z
  .object({ email: emailSchema, locale: localeSchema.optional() })
  .strict()
export type RequestOtpBody = z.input<typeof requestOtpBodySchema>

export const requestOtpResponseSchema = z.object({
  message: z.string(),
  resendAfterSeconds: z.number().int(),
  expiresInSeconds: z.number().int(),
})
export type RequestOtpResponse = z.infer<typeof requestOtpResponseSchema>

export const verifyOtpBodySchema = z.object({ email: emailSchema, code: otpCodeSchema }).strict()
export type VerifyOtpBody = z.input<typeof verifyOtpBodySchema>

export const authUserSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  locale: localeSchema,
  isSuperadmin: z.boolean(),
  createdAt: z.string(),
  lastLoginAt: z.string().nullable(),
})
export type AuthUser = z.infer<typeof authUserSchema>

/** Returned by verify and refresh; the refresh token itself only ever travels in a cookie. */
export const sessionResponseSchema = z.object({
  user: authUserSchema,
  accessToken: z.string(),
  accessTokenExpiresAt: z.string(),
  /** Refresh and impersonation start: the impersonation the session runs in, or null. */
  impersonation: impersonationSchema.nullable().optional(),
})
export type SessionResponse = z.infer<typeof sessionResponseSchema>

/** The user, and the impersonation the session runs in (null for the user's own session). */
export const meResponseSchema = z.object({
  user: authUserSchema,
  impersonation: impersonationSchema.nullable(),
})
export type MeResponse = z.infer<typeof meResponseSchema>

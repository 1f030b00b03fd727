import { z } from 'zod'
import { LOCALES } from '@stratum/layer-core/shared'
import { AUTH_LIMITS } from './limits.ts'

/** Emails are trimmed and lower-cased, so one mailbox is one account. */
export const emailSchema = z
  .string()
  .trim()
  .toLowerCase()
  .max(254, 'An email address has at most 254 characters.')
  .pipe(z.email('Enter a valid email address.'))

export const otpCodeSchema = z
  .string()
  .trim()
  .regex(
    new RegExp(`^\\d{${AUTH_LIMITS.codeLength}}$`),
    `The code has ${AUTH_LIMITS.codeLength} digits.`,
  )

export const localeSchema = z.enum(LOCALES)

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
})
export type SessionResponse = z.infer<typeof sessionResponseSchema>

export const meResponseSchema = z.object({ user: authUserSchema })

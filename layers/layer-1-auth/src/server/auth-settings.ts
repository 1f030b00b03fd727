import { z } from 'zod'
import { commaSeparated } from '@stratum/layer-core/server'
import { emailSchema } from '../shared/schemas.ts'

const emailList = commaSeparated.pipe(z.array(emailSchema))

/** The auth layer's own environment variables. */
export const authSettingsSchema = z.object({
  /** Emails that become superadmins when they sign in, comma separated. @default '' */
  SUPERADMIN_EMAILS: emailList,
  /** Hours a used, replaced or expired sign-in code is kept before the cleanup deletes it. @default 24 */
  CLEANUP_OTP_CODES_AFTER_HOURS: z.coerce.number().int().min(1).max(87_600).default(24),
  /** Days a refresh-token family is kept after its newest token expired. @default 7 */
  CLEANUP_REFRESH_TOKENS_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(7),
})

/** The auth layer's settings, parsed from the environment. */
export interface AuthSettings {
  /** Trimmed, lower-cased and validated. */
  readonly superadminEmails: readonly string[]
  /** Ages for the scheduled cleanup. */
  readonly retention: { readonly otpCodesHours: number; readonly refreshTokensDays: number }
}

/**
 * Parses the auth layer's settings; a bad value fails start-up with one sentence that names the
 * variable.
 */
export function loadAuthSettings(env: Readonly<Record<string, string | undefined>>): AuthSettings {
  const parsed = authSettingsSchema.safeParse(env)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    const [variable, index] = issue.path
    const list = env[String(variable)]?.split(',').filter((part) => part.trim() !== '')
    const value = typeof index === 'number' ? list?.[index]?.trim() : undefined
    throw new Error(
      value === undefined
        ? `Layer 'auth': environment variable ${String(variable)} is invalid: ${issue.message}`
        : `Layer 'auth': environment variable ${String(variable)} must list email addresses separated by commas, and '${value}' is not one.`,
    )
  }
  return {
    superadminEmails: parsed.data.SUPERADMIN_EMAILS,
    retention: {
      otpCodesHours: parsed.data.CLEANUP_OTP_CODES_AFTER_HOURS,
      refreshTokensDays: parsed.data.CLEANUP_REFRESH_TOKENS_AFTER_DAYS,
    },
  }
}

import { z } from 'zod'
import { commaSeparated } from '@stratum/layer-core/server'
import { emailSchema } from '../shared/schemas.ts'

const emailList = commaSeparated.pipe(z.array(emailSchema))

/** The auth layer's own environment variables. */
export const authSettingsSchema = z.object({
  /** Emails that become superadmins when they sign in, comma separated. @default '' */
  SUPERADMIN_EMAILS: emailList,
})

/** The auth layer's settings, parsed from the environment. */
export interface AuthSettings {
  /** Trimmed, lower-cased and validated. */
  readonly superadminEmails: readonly string[]
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
  return { superadminEmails: parsed.data.SUPERADMIN_EMAILS }
}

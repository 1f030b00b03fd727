import { z } from 'zod'

const FLAG_VALUES = ['true', 'false', '1', '0'] as const

const flag = (fallback: (typeof FLAG_VALUES)[number]) =>
  z
    .string()
    .trim()
    .toLowerCase()
    .default(fallback)
    .pipe(z.enum(FLAG_VALUES))
    .transform((value) => value === 'true' || value === '1')

/** The multitenant layer's own environment variables. */
export const multitenantSettingsSchema = z.object({
  /**
   * Seed the demo tenants and user on an embedded development start: true, false, 1 or 0.
   * @default true
   */
  DEMO_SEED: flag('true'),
  /** Days an invite nobody accepted is kept after it expired. @default 30 */
  CLEANUP_INVITES_AFTER_DAYS: z.coerce.number().int().min(1).max(3650).default(30),
  /**
   * Answers of cached tenant-scoped reads (client and project lists and items) each process keeps
   * in memory, at most 32 MiB in all; 0 turns the cache off. @default 5000
   */
  TENANT_RESPONSE_CACHE_ENTRIES: z.coerce.number().int().min(0).max(1_000_000).default(5000),
})

/** The multitenant layer's settings, parsed from the environment. */
export interface MultitenantSettings {
  /** Seed `acme`, `globex` and the demo user (only ever on embedded development starts). */
  readonly demoSeed: boolean
  /** Days an expired invite is kept before the scheduled cleanup deletes it. */
  readonly invitesRetentionDays: number
  /** Most answers of cached tenant-scoped reads kept per process; 0: none. */
  readonly responseCacheEntries: number
}

/**
 * Parses the multitenant layer's settings; a bad value fails start-up with one sentence that
 * names the variable.
 */
export function loadMultitenantSettings(
  env: Readonly<Record<string, string | undefined>>,
): MultitenantSettings {
  const parsed = multitenantSettingsSchema.safeParse(env)
  if (!parsed.success) {
    const variable = String(parsed.error.issues[0]!.path[0])
    throw new Error(
      variable === 'CLEANUP_INVITES_AFTER_DAYS'
        ? `Layer 'multitenant': environment variable ${variable} must be a whole number of days from 1 to 3650, and '${env[variable]}' is not.`
        : variable === 'TENANT_RESPONSE_CACHE_ENTRIES'
          ? `Layer 'multitenant': environment variable ${variable} must be a whole number from 0 to 1000000, and '${env[variable]}' is not.`
          : `Layer 'multitenant': environment variable ${variable} must be true, false, 1 or 0, and '${env[variable]}' is none of them.`,
    )
  }
  return {
    demoSeed: parsed.data.DEMO_SEED,
    invitesRetentionDays: parsed.data.CLEANUP_INVITES_AFTER_DAYS,
    responseCacheEntries: parsed.data.TENANT_RESPONSE_CACHE_ENTRIES,
  }
}

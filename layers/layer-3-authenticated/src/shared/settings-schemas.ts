import { z } from 'zod'
import { safeText } from '@stratum/layer-core/shared'
import { localeSchema } from '@stratum/layer-auth/shared'

/** `GET /api/app/profile`: the signed-in user's own account. */
export const profileSchema = z.object({
  id: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  locale: localeSchema,
})
export type Profile = z.infer<typeof profileSchema>
/** `PATCH /api/app/profile`: `name: null` clears the name. */
export const updateProfileBodySchema = z
  .object({
    name: safeText()
      .trim()
      .min(1, 'Enter a name.')
      .max(120, 'At most 120 characters.')
      .nullable()
      .optional(),
    locale: localeSchema.optional(),
  })
  .strict()
export type UpdateProfileBody = z.input<typeof updateProfileBodySchema>

/** Per-user preferences, kept server-side so they follow the user across devices. */
export const userSettingsSchema = z.object({
  colorScheme: z.enum(['system', 'light', 'dark']),
  density: z.enum(['comfortable', 'compact']),
  /** Rows per page in lists. */
  pageSize: z.union([z.literal(10), z.literal(25), z.literal(50), z.literal(100)]),
  emailNotifications: z.boolean(),
})
export type UserSettings = z.infer<typeof userSettingsSchema>

/** What a user who never changed anything gets. */
export const DEFAULT_USER_SETTINGS: UserSettings = {
  colorScheme: 'system',
  density: 'comfortable',
  pageSize: 25,
  emailNotifications: true,
}

/**
 * Stored preferences read leniently: unknown keys are dropped and a value that no longer fits
 * (after a schema change) falls back to its default, so an old row never breaks the app.
 */
export function readUserSettings(stored: unknown): UserSettings {
  const raw =
    typeof stored === 'object' && stored !== null ? (stored as Record<string, unknown>) : {}
  const out: Record<string, unknown> = { ...DEFAULT_USER_SETTINGS }
  for (const [key, schema] of Object.entries(userSettingsSchema.shape)) {
    const parsed = schema.safeParse(raw[key])
    if (parsed.success) out[key] = parsed.data
  }
  return out as UserSettings
}

/** `PATCH /api/app/settings/user`: the keys sent replace the stored ones. */
export const updateUserSettingsBodySchema = userSettingsSchema.partial().strict()
export type UpdateUserSettingsBody = z.input<typeof updateUserSettingsBodySchema>

/** Currencies a tenant may show amounts in (vue-i18n's named `currencyBRL`… formats). */
export const TENANT_CURRENCIES = ['BRL', 'USD', 'EUR'] as const
export const tenantCurrencySchema = z.enum(TENANT_CURRENCIES, { error: 'Unknown currency.' })
export type TenantCurrency = z.infer<typeof tenantCurrencySchema>

/** A stored currency read leniently: anything not offered today reads as null (the locale's own). */
export function readTenantCurrency(stored: unknown): TenantCurrency | null {
  const parsed = tenantCurrencySchema.safeParse(stored)
  return parsed.success ? parsed.data : null
}

/** `GET /api/app/settings/tenant`: how the current tenant presents itself. */
export const tenantSettingsSchema = z.object({
  /** The tenant's name as the platform admin registered it. */
  name: z.string(),
  /** Shown instead of `name` in the app; null falls back to `name`. */
  displayName: z.string().nullable(),
  /** Theme under `themes/`; null uses the host's theme. */
  theme: z.string().nullable(),
  /** Amounts are shown in this currency; null uses the currency of the user's language region. */
  currency: tenantCurrencySchema.nullable(),
  availableThemes: z.array(z.string()),
})
export type TenantSettings = z.infer<typeof tenantSettingsSchema>
/**
 * `PATCH /api/app/settings/tenant`: `null` resets a field to the tenant's name, the host's theme
 * or the language's own currency.
 */
export const updateTenantSettingsBodySchema = z
  .object({
    displayName: safeText()
      .trim()
      .min(1, 'Enter a name.')
      .max(120, 'At most 120 characters.')
      .nullable()
      .optional(),
    theme: safeText()
      .regex(/^[a-z][a-z0-9-]*$/, 'Unknown theme.')
      .max(63)
      .nullable()
      .optional(),
    currency: tenantCurrencySchema.nullable().optional(),
  })
  .strict()
export type UpdateTenantSettingsBody = z.input<typeof updateTenantSettingsBodySchema>

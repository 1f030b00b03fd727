import { z } from 'zod'
import { LOCALE_CODE_PATTERN, safeText } from '@stratum/layer-core/shared'

/** A BCP 47 locale code (`pt-BR`, `ar`, `zh-Hant-TW`). */
export const localeCodeSchema = safeText()
  .max(35)
  .regex(LOCALE_CODE_PATTERN, 'Enter a locale code like pt-BR.')

/** An ISO 3166 region code for the flag (`BR`), or a UN M49 number (`419`). */
export const flagSchema = safeText()
  .regex(/^(?:[A-Z]{2}|\d{3})$/, 'Use a region code like BR.')
  .nullable()

/** A locale as the API returns it. */
export const localeSchema = z.object({
  code: z.string(),
  englishName: z.string(),
  nativeName: z.string(),
  /** Region code (`BR`); the client draws the flag, with the native name as its text. */
  flag: z.string().nullable(),
  isRtl: z.boolean(),
  isDefault: z.boolean(),
  isActive: z.boolean(),
  /** Looked up before en-US when a key is missing in this locale. */
  fallback: z.string().nullable(),
})
export type I18nLocale = z.infer<typeof localeSchema>

/** `GET /api/i18n/locales` (active only) and `GET /api/admin/languages/locales` (all). */
export const localeListSchema = z.object({ locales: z.array(localeSchema) })
export type I18nLocaleList = z.infer<typeof localeListSchema>

const nameSchema = safeText().trim().min(1, 'Enter a name.').max(100, 'At most 100 characters.')

/** Body of `POST /api/admin/languages/locales`. */
export const createLocaleBodySchema = z
  .object({
    code: localeCodeSchema,
    englishName: nameSchema,
    nativeName: nameSchema,
    flag: flagSchema.optional(),
    isRtl: z.boolean().default(false),
    isActive: z.boolean().default(true),
    /** Making a locale the default takes the flag from the previous one. */
    isDefault: z.boolean().default(false),
    fallback: localeCodeSchema.nullable().optional(),
  })
  .strict()
export type CreateLocaleBody = z.input<typeof createLocaleBodySchema>

/** Body of `PATCH /api/admin/languages/locales/:code`: only the fields sent change. */
export const updateLocaleBodySchema = z
  .object({
    englishName: nameSchema,
    nativeName: nameSchema,
    flag: flagSchema,
    isRtl: z.boolean(),
    isActive: z.boolean(),
    isDefault: z.literal(true),
    fallback: localeCodeSchema.nullable(),
  })
  .partial()
  .strict()
export type UpdateLocaleBody = z.input<typeof updateLocaleBodySchema>

/** Path parameter of the locale routes. */
export const localeParamSchema = z.object({ code: localeCodeSchema })

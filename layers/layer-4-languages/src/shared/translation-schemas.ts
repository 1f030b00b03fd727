import { z } from 'zod'
import { queryInt, safeText } from '@stratum/layer-core/shared'
import { localeCodeSchema } from './locale-schemas.ts'

/** A namespace is a layer id (`auth`, `authenticated`). */
export const namespaceSchema = safeText()
  .max(50)
  .regex(/^[a-z][a-z0-9-]*$/, 'Use a layer id like auth.')

/** A dotted key inside a namespace (`login.title`, `sort.name-asc`). */
export const messageKeySchema = safeText()
  .max(200)
  .regex(/^[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, 'Use a dotted key like login.title.')

/** `namespace.dotted.key`, as the single-key route takes it. */
export const fullKeySchema = safeText()
  .max(251)
  .regex(/^[a-z][a-z0-9-]*\.[A-Za-z0-9_-]+(?:\.[A-Za-z0-9_-]+)*$/, 'Use namespace.key.')

/** A database value: any text up to 5000 characters (an empty value is allowed). */
export const translationValueSchema = safeText().max(5000, 'At most 5000 characters.')

/** `'global'` (every tenant) or a tenant id: the scope a row belongs to. */
export const tenantScopeSchema = z.union([z.enum(['global']), z.uuid()])
export type TenantScope = z.infer<typeof tenantScopeSchema>

/** Where a resolved value came from, best first. */
export const ORIGINS = ['tenant', 'global', 'compiled', 'fallback'] as const
export type TranslationOrigin = (typeof ORIGINS)[number]

/** A tree of strings, one per namespace: `{ auth: { login: { title: '…' } } }`. */
export type MessageTree = { [key: string]: string | MessageTree }
/** A namespace's tree as the document shows it (nested objects whose leaves are strings). */
const messageTreeSchema = z
  .record(z.string(), z.unknown())
  .meta({ description: 'Nested objects whose leaves are strings' })

// --- public -------------------------------------------------------------------------------

/** Path of `GET /api/i18n/translations/:locale`. */
export const bundleParamSchema = z.object({ locale: localeCodeSchema })
/** Query of `GET /api/i18n/translations/:locale`. */
export const bundleQuerySchema = z.object({ namespace: namespaceSchema.optional() })

/**
 * `GET /api/i18n/translations/:locale`: only the database values (global, then the caller's
 * tenant), merged along the locale's fallback chain; the SPA merges them over its compiled ones.
 * `version` changes whenever any value changes.
 */
export const bundleResponseSchema = z.object({
  locale: z.string(),
  version: z.string(),
  messages: z.record(z.string(), messageTreeSchema),
})
export type TranslationBundle = Omit<z.infer<typeof bundleResponseSchema>, 'messages'> & {
  messages: Record<string, MessageTree>
}

/** Path of `GET /api/i18n/translations/:locale/:key`. */
export const keyParamSchema = z.object({ locale: localeCodeSchema, key: fullKeySchema })

/** One key resolved tenant → global → compiled (locale) → fallback chain → en-US. */
export const resolvedKeySchema = z.object({
  locale: z.string(),
  key: z.string(),
  value: z.string(),
  origin: z.enum(ORIGINS),
})
export type ResolvedKey = z.infer<typeof resolvedKeySchema>

/** Body (and answer) of `PUT /api/i18n/me/locale`. */
export const myLocaleBodySchema = z.object({ locale: localeCodeSchema }).strict()
export type MyLocaleBody = z.infer<typeof myLocaleBodySchema>

// --- admin --------------------------------------------------------------------------------

/** `?tenant=`: `global` by default. */
const tenantQuery = tenantScopeSchema.default('global')

/** `GET /api/admin/languages/translations`. */
export const translationListQuerySchema = z.object({
  locale: localeCodeSchema,
  namespace: namespaceSchema.optional(),
  /** Case-insensitive substring of the key, the value or the en-US source. */
  q: safeText().trim().max(100).optional(),
  /** Only keys with no value in this locale (neither database nor compiled). */
  missing: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
  /** ISO 8601: only database rows changed at or after it. */
  changedSince: z.iso.datetime({ offset: true }).optional(),
  tenant: tenantQuery,
  limit: queryInt({ min: 1, max: 500, default: 100 }),
  offset: queryInt({ min: 0, max: 1_000_000, default: 0 }),
})
export type TranslationListQuery = z.input<typeof translationListQuerySchema>

/** A row of the console: every compiled key, with the database value when there is one. */
export const translationItemSchema = z.object({
  namespace: z.string(),
  key: z.string(),
  locale: z.string(),
  /** The database value in this scope, or null. */
  value: z.string().nullable(),
  /** The en-US compiled text (null for a key only the database knows). */
  source: z.string().nullable(),
  /** The compiled text in this locale, or null. */
  compiled: z.string().nullable(),
  id: z.uuid().optional(),
  version: z.number().int().optional(),
  /** Null for a global row. */
  tenantId: z.string().nullable().optional(),
  updatedAt: z.string().optional(),
  updatedBy: z.string().nullable().optional(),
})
export type TranslationItem = z.infer<typeof translationItemSchema>

export const translationListSchema = z.object({
  items: z.array(translationItemSchema),
  total: z.number().int(),
})
export type TranslationList = z.infer<typeof translationListSchema>

/** Body of `PUT /api/admin/languages/translations`: create (no version) or update a value. */
export const putTranslationBodySchema = z
  .object({
    locale: localeCodeSchema,
    namespace: namespaceSchema,
    key: messageKeySchema,
    value: translationValueSchema,
    tenant: tenantScopeSchema.default('global'),
    /** The version you edited; absent means "create", which conflicts if a row exists. */
    version: z.number().int().min(1).optional(),
    /** How the edit was made: the console or in-context editing. @default 'console' */
    source: z.enum(['console', 'in-context']).default('console'),
  })
  .strict()
export type PutTranslationBody = z.input<typeof putTranslationBodySchema>

export const translationResponseSchema = z.object({ item: translationItemSchema })
export type TranslationResponse = z.infer<typeof translationResponseSchema>

/** Path of the per-row routes. */
export const translationIdParamSchema = z.object({ id: z.uuid() })
/** `DELETE /translations/:id?version=`. */
export const deleteTranslationQuerySchema = z.object({ version: queryInt({ min: 1 }) })

export const HISTORY_SOURCES = ['console', 'csv', 'rollback', 'in-context'] as const
export type HistorySource = (typeof HISTORY_SOURCES)[number]

/** A step of a row's history; version is the row's version after the change. */
export const historyEntrySchema = z.object({
  version: z.number().int(),
  oldValue: z.string().nullable(),
  /** Null when the value was deleted. */
  newValue: z.string().nullable(),
  changedBy: z.string().nullable(),
  changedAt: z.string(),
  source: z.enum(HISTORY_SOURCES),
})
export type HistoryEntry = z.infer<typeof historyEntrySchema>
export const historyListSchema = z.object({ items: z.array(historyEntrySchema) })
export type HistoryList = z.infer<typeof historyListSchema>

/** Body of `POST /translations/:id/rollback`: bring back the value this version had. */
export const rollbackBodySchema = z
  .object({
    version: z.number().int().min(1),
    /** The current version you saw; a stale one is a 409. @default none: no check */
    expectedVersion: z.number().int().min(1).optional(),
  })
  .strict()
export type RollbackBody = z.infer<typeof rollbackBodySchema>

/** `GET /coverage?tenant=`. */
export const coverageQuerySchema = z.object({ tenant: tenantQuery })
export const coverageSchema = z.object({
  items: z.array(
    z.object({
      locale: z.string(),
      namespace: z.string(),
      /** Compiled en-US keys of the namespace. */
      total: z.number().int(),
      /** Keys with a compiled or database value in the locale (this scope or global). */
      translated: z.number().int(),
    }),
  ),
})
export type Coverage = z.infer<typeof coverageSchema>

import { z } from 'zod'
import { safeText } from '@stratum/layer-core/shared'
import { localeCodeSchema } from './locale-schemas.ts'
import { namespaceSchema, tenantScopeSchema } from './translation-schemas.ts'

/** Columns of the export and the import, in this order. */
export const CSV_COLUMNS = ['namespace', 'key', 'locale', 'value', 'source_value'] as const

/** Largest CSV `POST /import` reads, in characters (the host caps a request body at 1 MB). */
export const MAX_IMPORT_CHARS = 900_000

/** `GET /api/admin/languages/export.csv`. */
export const exportQuerySchema = z.object({
  locale: localeCodeSchema,
  namespace: namespaceSchema.optional(),
  tenant: tenantScopeSchema.default('global'),
  /** Only keys without a value in the locale, to hand to a translator. */
  missing: z
    .enum(['true', 'false'])
    .default('false')
    .transform((v) => v === 'true'),
})
export type ExportQuery = z.input<typeof exportQuerySchema>

/**
 * Body of `POST /api/admin/languages/import`: the CSV text in JSON. Not `text/csv`: that is a
 * type cross-site forms may send without a CORS preflight, so the host refuses it on `/api`.
 */
export const importBodySchema = z
  .object({
    csv: safeText().max(MAX_IMPORT_CHARS, `At most ${MAX_IMPORT_CHARS} characters.`),
  })
  .strict()
export type ImportBody = z.infer<typeof importBodySchema>

/** `POST /api/admin/languages/import` query. */
export const importQuerySchema = z.object({
  dryRun: z
    .enum(['true', 'false'])
    .default('true')
    .transform((v) => v === 'true'),
  tenant: tenantScopeSchema.default('global'),
})
export type ImportQuery = z.input<typeof importQuerySchema>

/** Why an import row was refused; `message` words it in English. */
export const IMPORT_REJECT_REASONS = [
  'PLACEHOLDER_MISMATCH',
  'PLURAL_MISMATCH',
  'UNKNOWN_KEY',
  'UNKNOWN_LOCALE',
  'INVALID_VALUE',
  'DUPLICATE_ROW',
  'MALFORMED_ROW',
] as const
export type ImportRejectReason = (typeof IMPORT_REJECT_REASONS)[number]

/** The diff of an import; `applied` is false for a dry run. Row 1 is the header. */
export const importResultSchema = z.object({
  added: z.number().int(),
  changed: z.number().int(),
  unchanged: z.number().int(),
  rejected: z.array(
    z.object({
      row: z.number().int(),
      namespace: z.string(),
      key: z.string(),
      locale: z.string(),
      reason: z.enum(IMPORT_REJECT_REASONS),
      message: z.string(),
    }),
  ),
  applied: z.boolean(),
})
export type ImportResult = z.infer<typeof importResultSchema>

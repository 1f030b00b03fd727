import { z } from 'zod'
import { localeCodeSchema } from './locale-schemas.ts'
import { messageKeySchema, namespaceSchema, translationValueSchema } from './translation-schemas.ts'

/** Most keys one `POST /api/i18n/missing` may report. */
export const MAX_MISSING_BATCH = 50

/** Body of `POST /api/i18n/missing`: keys the SPA looked up and did not find (202). */
export const reportMissingBodySchema = z
  .object({
    items: z
      .array(
        z
          .object({ locale: localeCodeSchema, namespace: namespaceSchema, key: messageKeySchema })
          .strict(),
      )
      .min(1)
      .max(MAX_MISSING_BATCH),
  })
  .strict()
export type ReportMissingBody = z.infer<typeof reportMissingBodySchema>

/** `GET /api/admin/languages/missing`. */
export const missingListQuerySchema = z.object({
  locale: localeCodeSchema.optional(),
  namespace: namespaceSchema.optional(),
})

/** An open report, most requested first. */
export const missingItemSchema = z.object({
  id: z.uuid(),
  locale: z.string(),
  namespace: z.string(),
  key: z.string(),
  requestCount: z.number().int(),
  firstSeen: z.string(),
  lastSeen: z.string(),
})
export type MissingItem = z.infer<typeof missingItemSchema>
export const missingListSchema = z.object({ items: z.array(missingItemSchema) })
export type MissingList = z.infer<typeof missingListSchema>

/** Body of `POST /missing/:id/resolve`: the global value that resolves it. */
export const resolveMissingBodySchema = z.object({ value: translationValueSchema }).strict()
export type ResolveMissingBody = z.infer<typeof resolveMissingBodySchema>

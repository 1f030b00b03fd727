import { z } from 'zod'
import { queryInt, safeText } from '@stratum/layer-core/shared'

/** Largest page a list returns. */
export const MAX_PAGE_SIZE = 100

/** `active` hides soft-deleted rows, `deleted` shows only them, `all` both. */
export const deletedFilterSchema = z.enum(['active', 'deleted', 'all'])
export type DeletedFilter = z.infer<typeof deletedFilterSchema>

/**
 * Query parameters every list shares: server-side pagination, search and soft-delete filter.
 * Each list adds its own whitelisted `sort`.
 */
export const listQueryBase = z.object({
  page: queryInt({ min: 1, max: 100_000, default: 1 }),
  pageSize: queryInt({ min: 1, max: MAX_PAGE_SIZE, default: 25 }),
  /** Case-insensitive substring; `%` and `_` match themselves. */
  q: safeText().trim().max(100).optional(),
  order: z.enum(['asc', 'desc']).default('asc'),
  status: deletedFilterSchema.default('active'),
})

/** A page of a list and the total count of matching rows. */
export const pageOf = <T extends z.ZodType>(item: T) =>
  z.object({
    items: z.array(item),
    total: z.number().int(),
    page: z.number().int(),
    pageSize: z.number().int(),
  })

/** Fields every business resource carries. */
export const auditFieldsSchema = z.object({
  id: z.string(),
  createdBy: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
  deletedAt: z.string().nullable(),
})

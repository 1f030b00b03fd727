import { z } from 'zod'
import { queryInt, safeText } from '@stratum/layer-core/shared'

/** Largest page a console list returns. */
export const MAX_LOG_PAGE = 200

/**
 * What every console list takes: a date range, a page size and either an offset (shallow pages)
 * or the opaque `cursor` of the previous page's `nextCursor` (keyset, for deep pages).
 */
export const pageQueryBase = z.object({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  limit: queryInt({ min: 1, max: MAX_LOG_PAGE, default: 50 }),
  offset: queryInt({ min: 0, max: 10_000, default: 0 }),
  cursor: safeText()
    .max(200)
    .regex(/^[A-Za-z0-9_-]+$/, 'Use the nextCursor of the previous page.')
    .optional(),
})

/** Free-text search, case-insensitive substring. */
export const searchText = safeText().trim().max(100).optional()

/** A request id as `X-Request-ID` carries it. */
export const requestIdSchema = safeText().min(1).max(100)

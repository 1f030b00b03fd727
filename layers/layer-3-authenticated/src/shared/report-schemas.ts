import { z } from 'zod'
import { queryInt } from '@stratum/layer-core/shared'

/** How many months a report covers, ending with the current one. */
export const REPORT_MONTHS = { default: 12, max: 36 } as const

/** Query of `GET /api/app/reports` and its CSV export. */
export const reportQuerySchema = z
  .object({
    months: queryInt({ min: 1, max: REPORT_MONTHS.max, default: REPORT_MONTHS.default }),
  })
  .strict()
export type ReportQuery = z.input<typeof reportQuerySchema>

/** One calendar month (UTC): live clients and projects created in it, the projects by status. */
export const reportMonthSchema = z.object({
  /** `YYYY-MM`. */
  month: z.string(),
  clients: z.number().int(),
  projects: z.number().int(),
  planned: z.number().int(),
  active: z.number().int(),
  done: z.number().int(),
})
export type ReportMonth = z.infer<typeof reportMonthSchema>

/** `GET /api/app/reports`: live clients and projects over time (per month) and by status. */
export const reportSchema = z.object({
  /** Oldest month first, every month of the range, empty ones with zeros. */
  months: z.array(reportMonthSchema),
  /** All live clients and projects, whenever created. */
  totals: z.object({
    clients: z.number().int(),
    projects: z.number().int(),
    planned: z.number().int(),
    active: z.number().int(),
    done: z.number().int(),
  }),
})
export type Report = z.infer<typeof reportSchema>

/** Column headers of the CSV export, in order (the cells follow {@link reportMonthSchema}). */
export const REPORT_CSV_COLUMNS = [
  'month',
  'new_clients',
  'new_projects',
  'projects_planned',
  'projects_active',
  'projects_done',
] as const

import { z } from 'zod'

/** One recent change to a client or project (the audit layer will offer the full history). */
export const activityItemSchema = z.object({
  type: z.enum(['client', 'project']),
  id: z.string(),
  name: z.string(),
  /** `created` when it has not changed since; `deleted` while soft-deleted. */
  action: z.enum(['created', 'updated', 'deleted']),
  at: z.string(),
  /** Who created it (the last editor is not recorded without the audit layer). */
  createdBy: z.string().nullable(),
})
export type ActivityItem = z.infer<typeof activityItemSchema>

/** `GET /api/app/dashboard`: counts over what the caller may see, and the last changes. */
export const dashboardSchema = z.object({
  clients: z.object({ active: z.number().int() }),
  /** Live projects by status, and their total. */
  projects: z.object({
    planned: z.number().int(),
    active: z.number().int(),
    done: z.number().int(),
    total: z.number().int(),
  }),
  /** Members of the tenant. */
  members: z.number().int(),
  /** The last 10 clients and projects created or changed, newest first. */
  recentActivity: z.array(activityItemSchema),
})
export type Dashboard = z.infer<typeof dashboardSchema>

import { z } from 'zod'
import { safeText } from '@stratum/layer-core/shared'
import { itemAccessSchema } from './item-access.ts'
import { auditFieldsSchema, listQueryBase, pageOf } from './list-query.ts'

/** A project's own lifecycle (not to be confused with the soft-delete `status` filter). */
export const PROJECT_STATUSES = ['planned', 'active', 'done'] as const
export const projectStatusSchema = z.enum(PROJECT_STATUSES)
export type ProjectStatus = z.infer<typeof projectStatusSchema>

/** Money with at most two decimals, as `numeric(14,2)` stores it. */
export const budgetSchema = z
  .number()
  .min(0, 'The budget cannot be negative.')
  .max(999_999_999_999.99, 'The budget is too large.')
  .refine((v) => Math.abs(Math.round(v * 100) - v * 100) < 1e-6, 'Use at most two decimals.')

/** `YYYY-MM-DD`, a calendar date without a time zone. */
export const dueDateSchema = z.iso.date('Use the format YYYY-MM-DD.')

/** Body of `POST /api/app/projects`. */
export const createProjectBodySchema = z
  .object({
    clientId: z.uuid(),
    name: safeText().trim().min(1, 'Enter a name.').max(200, 'At most 200 characters.'),
    status: projectStatusSchema.default('planned'),
    budget: budgetSchema.nullable().optional(),
    dueDate: dueDateSchema.nullable().optional(),
  })
  .strict()
export type CreateProjectBody = z.input<typeof createProjectBodySchema>

/** Body of `PATCH /api/app/projects/{id}`; `clientId` moves the project to another client. */
export const updateProjectBodySchema = createProjectBodySchema
  .extend({ status: projectStatusSchema })
  .partial()
  .strict()
export type UpdateProjectBody = z.input<typeof updateProjectBodySchema>

/** A project as the API returns it, with its client's id and name. */
export const projectSchema = auditFieldsSchema.extend({
  client: z.object({ id: z.string(), name: z.string() }),
  name: z.string(),
  status: projectStatusSchema,
  budget: z.number().nullable(),
  dueDate: z.string().nullable(),
  access: itemAccessSchema,
})
export type Project = z.infer<typeof projectSchema>

/** Columns a project list may be sorted by. */
export const PROJECT_SORTS = [
  'name',
  'status',
  'budget',
  'dueDate',
  'createdAt',
  'updatedAt',
] as const
/** `GET /api/app/projects` query. */
export const projectListQuerySchema = listQueryBase.extend({
  sort: z.enum(PROJECT_SORTS).default('name'),
  /** Only this client's projects. */
  clientId: z.uuid().optional(),
  /** The project's own status; `status` is the soft-delete filter every list shares. */
  projectStatus: projectStatusSchema.optional(),
})
export type ProjectListQuery = z.input<typeof projectListQuerySchema>
export const projectPageSchema = pageOf(projectSchema)
export type ProjectPage = z.infer<typeof projectPageSchema>

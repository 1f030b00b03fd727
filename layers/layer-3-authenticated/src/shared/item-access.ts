import { z } from 'zod'

/**
 * What the caller may do with one client or project, decided by the server with the same `can()`
 * (role permissions, own/all scope, live resource policies) that authorizes the request itself:
 * the client shows an action only when its flag is true, and makes no guess of its own.
 * `edit` and `delete` say nothing of the row's state: a deleted row is restored (`delete`), not
 * edited, whatever `edit` says.
 */
export const itemAccessSchema = z.object({
  /** `PATCH` is allowed: `<type>.edit` for any or own rows, or a live `canEdit` share. */
  edit: z.boolean(),
  /** `DELETE` and restore are allowed: `<type>.delete`, or a live `canDelete` share. */
  delete: z.boolean(),
  /** The caller may share this row with others (`<type>.share`). */
  share: z.boolean(),
})
export type ItemAccess = z.infer<typeof itemAccessSchema>

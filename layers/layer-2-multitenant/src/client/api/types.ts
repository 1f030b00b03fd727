// Types only: the shared zod schemas describe the wire format, and `import type` keeps zod
// itself out of the client bundle.
import type { z } from 'zod'
import type {
  grantPolicyBodySchema,
  inviteSchema,
  memberSchema,
  membershipSchema,
  mineResponseSchema,
  permissionInfoSchema,
  policySchema,
  roleBodySchema,
  roleSchema,
  updateRoleBodySchema,
} from '../../shared/schemas.ts'

export type { InvitePreview, Membership, Tenant } from '../../shared/schemas.ts'
export type MineResponse = z.infer<typeof mineResponseSchema>
export type Member = z.infer<typeof memberSchema>
export type Invite = z.infer<typeof inviteSchema>
export type Role = z.infer<typeof roleSchema>
export type RoleBody = z.input<typeof roleBodySchema>
export type UpdateRoleBody = z.input<typeof updateRoleBodySchema>
export type PermissionInfo = z.infer<typeof permissionInfoSchema>
/** The tenant part of a membership, as the switcher lists it. */
export type TenantSummary = z.infer<typeof membershipSchema>['tenant']
/** Extra access of one member to one record (view, edit, delete), until `expiresAt`. */
export type Policy = z.infer<typeof policySchema>
export type GrantPolicyBody = z.input<typeof grantPolicyBodySchema>

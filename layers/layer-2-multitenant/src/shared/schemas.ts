import { z } from 'zod'
import { LOCALE_CODE_PATTERN, safeJson, safeText } from '@stratum/layer-core/shared'
import { PERMISSION_PATTERN } from './can.ts'

export const slugSchema = safeText()
  .trim()
  .toLowerCase()
  .min(2)
  .max(63)
  .regex(/^[a-z0-9]+(-[a-z0-9]+)*$/, 'Use lowercase letters, digits and single dashes.')
export const permissionNameSchema = safeText().regex(
  PERMISSION_PATTERN,
  'Use resource.action or resource.action.scope.',
)
export const uuidSchema = z.uuid()

export const tenantSchema = z.object({
  id: z.string(),
  slug: z.string(),
  name: z.string(),
  theme: z.string().nullable(),
  settings: z.record(z.string(), z.unknown()),
  isActive: z.boolean(),
  createdAt: z.string(),
  deletedAt: z.string().nullable(),
})
export type Tenant = z.infer<typeof tenantSchema>

export const roleSummarySchema = z.object({ id: z.string(), key: z.string(), name: z.string() })

/** A tenant the user can enter, with their role and permissions there. */
export const membershipSchema = z.object({
  tenant: tenantSchema.pick({ id: true, slug: true, name: true, theme: true, isActive: true }),
  role: roleSummarySchema,
  permissions: z.array(z.string()),
})
export type Membership = z.infer<typeof membershipSchema>
export const mineResponseSchema = z.object({
  isSuperadmin: z.boolean(),
  memberships: z.array(membershipSchema),
})

export const currentTenantResponseSchema = z.object({
  tenant: tenantSchema.pick({ id: true, slug: true, name: true, theme: true, isActive: true }),
  role: roleSummarySchema,
  permissions: z.array(z.string()),
  isSuperadmin: z.boolean(),
})

export const createTenantBodySchema = z
  .object({
    name: safeText().trim().min(1).max(120),
    slug: slugSchema,
    theme: safeText().max(63).optional(),
  })
  .strict()
export const updateTenantBodySchema = z
  .object({
    name: safeText().trim().min(1).max(120).optional(),
    theme: safeText().max(63).nullable().optional(),
    settings: z.record(safeText(), safeJson()).optional(),
  })
  .strict()

export const memberSchema = z.object({
  userId: z.string(),
  email: z.string(),
  name: z.string().nullable(),
  role: roleSummarySchema,
  joinedAt: z.string(),
})
export const changeRoleBodySchema = z.object({ roleId: uuidSchema }).strict()

export const inviteSchema = z.object({
  id: z.string(),
  email: z.string(),
  role: roleSummarySchema,
  expiresAt: z.string(),
  acceptedAt: z.string().nullable(),
  createdAt: z.string(),
})
export const createInviteBodySchema = z
  .object({
    email: safeText().trim().toLowerCase().pipe(z.email()),
    roleId: uuidSchema,
    /**
     * The language the inviter reads the app in: the mail's language when the recipient has no
     * account (and so no saved language) yet.
     */
    locale: safeText().max(35).regex(LOCALE_CODE_PATTERN).optional(),
  })
  .strict()
export const acceptInviteBodySchema = z.object({ token: safeText().min(20).max(200) }).strict()

/** What an invite offers, shown before it is accepted: the tenant, the role and who sent it. */
export const invitePreviewSchema = z.object({
  tenant: tenantSchema.pick({ id: true, slug: true, name: true }),
  role: roleSummarySchema,
  /** Missing when the inviter's account is gone. */
  inviter: z.object({ name: z.string().optional(), email: z.string() }).optional(),
  expiresAt: z.string(),
})
export type InvitePreview = z.infer<typeof invitePreviewSchema>

export const roleSchema = z.object({
  id: z.string(),
  key: z.string(),
  name: z.string(),
  description: z.string(),
  isSystem: z.boolean(),
  permissions: z.array(z.string()),
  memberCount: z.number(),
})
export const roleBodySchema = z
  .object({
    key: safeText()
      .trim()
      .toLowerCase()
      .regex(/^[a-z0-9_-]{2,40}$/),
    name: safeText().trim().min(1).max(80),
    description: safeText().max(500).default(''),
    permissions: z.array(permissionNameSchema).max(200),
  })
  .strict()
/** Only the fields sent change: `description` has no default here, or a rename would clear it. */
export const updateRoleBodySchema = roleBodySchema
  .omit({ key: true })
  .extend({ description: safeText().max(500) })
  .partial()
  .strict()

export const permissionInfoSchema = z.object({
  name: z.string(),
  description: z.string(),
  layer: z.string(),
})

export const policySchema = z.object({
  id: z.string(),
  userId: z.string(),
  resourceType: z.string(),
  resourceId: z.string(),
  canView: z.boolean(),
  canEdit: z.boolean(),
  canDelete: z.boolean(),
  expiresAt: z.string().nullable(),
  createdAt: z.string(),
})
export const grantPolicyBodySchema = z
  .object({
    userId: uuidSchema,
    resourceType: safeText().regex(/^[a-z][a-z0-9-]*$/),
    resourceId: uuidSchema,
    canView: z.boolean().default(true),
    canEdit: z.boolean().default(false),
    canDelete: z.boolean().default(false),
    expiresAt: z.iso.datetime({ offset: true }).optional(),
  })
  .strict()
export const policyQuerySchema = z.object({
  resourceType: safeText().regex(/^[a-z][a-z0-9-]*$/),
  resourceId: uuidSchema,
})

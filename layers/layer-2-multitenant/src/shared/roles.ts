/** System roles: seeded, immutable. Superadmin is a platform role (`auth_users.is_superadmin`). */
export const SYSTEM_ROLES = {
  superadmin: ['*'],
  account_admin: ['user.*', 'client.*', 'settings.manage', 'report.*'],
  user: ['client.view', 'client.create', 'client.edit.own', 'report.view'],
  viewer: ['client.view', 'report.view'],
} as const satisfies Record<string, readonly string[]>

export type SystemRoleKey = keyof typeof SYSTEM_ROLES

/** Roles every tenant gets a row for; superadmin is not assigned per tenant. */
export const TENANT_SYSTEM_ROLES = [
  'account_admin',
  'user',
  'viewer',
] as const satisfies readonly SystemRoleKey[]

/** Permissions this layer adds to the catalogue. */
export const MULTITENANT_PERMISSIONS = {
  'user.view': 'See the members of the tenant',
  'user.invite': 'Invite people to the tenant',
  'user.manage': "Change members' roles and remove members",
  'settings.manage': 'Change tenant settings, custom roles and permissions',
  'report.view': 'See reports',
  'report.export': 'Export reports',
} as const

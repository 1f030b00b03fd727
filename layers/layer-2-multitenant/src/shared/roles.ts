/**
 * System roles: seeded, immutable. Superadmin is a platform role (`auth_users.is_superadmin`).
 * The per-tenant roles list only this layer's own permissions here; every layer, this one
 * included, grants them through the `multitenant.permissions` extension point.
 */
export const SYSTEM_ROLES = {
  superadmin: ['*'],
  account_admin: ['user.*', 'settings.manage', 'report.*', 'layers.manage'],
  user: ['report.view'],
  viewer: ['report.view'],
} as const satisfies Record<string, readonly string[]>

export type SystemRoleKey = keyof typeof SYSTEM_ROLES

/** Roles every tenant gets a row for; superadmin is not assigned per tenant. */
export const TENANT_SYSTEM_ROLES = [
  'account_admin',
  'user',
  'viewer',
] as const satisfies readonly SystemRoleKey[]

export type TenantSystemRole = (typeof TENANT_SYSTEM_ROLES)[number]

/**
 * One contribution to the `multitenant.permissions` extension point: permissions for the
 * catalogue, and what the system roles of every tenant, existing and future, are granted.
 */
export interface PermissionContribution {
  /** Name → description, for example `{ 'client.view': 'See clients' }`. */
  readonly permissions: Readonly<Record<string, string>>
  /** Names or patterns (`project.*`), as `role_permissions` holds them. */
  readonly grants: Readonly<Partial<Record<TenantSystemRole, readonly string[]>>>
}

/** Permissions this layer adds to the catalogue. */
export const MULTITENANT_PERMISSIONS = {
  'user.view': 'See the members of the tenant',
  'user.invite': 'Invite people to the tenant',
  'user.manage': "Change members' roles and remove members",
  'settings.manage': 'Change tenant settings, custom roles and permissions',
  'report.view': 'See reports',
  'report.export': 'Export reports',
  'layers.manage':
    'Switch layers on or off for the tenant, where the superadmin allows tenant admins to',
} as const

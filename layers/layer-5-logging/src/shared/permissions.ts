/** Permissions this layer adds to layer 2's catalogue (through `multitenant.permissions`). */
export const LOGGING_PERMISSIONS = {
  'audit.view': "See the tenant's audit trail",
  'logs.view': 'See server and browser logs (superadmin)',
  'metrics.view': 'See request metrics (superadmin)',
} as const

export type LoggingPermission = keyof typeof LOGGING_PERMISSIONS

/** Only an account admin gets `audit.view`; logs and metrics stay with superadmins. */
export const LOGGING_GRANTS = { account_admin: ['audit.view'] } as const

/** Layer 2's contribution shape, kept structural so this layer does not need layer 2 to build. */
export const loggingPermissions = {
  permissions: LOGGING_PERMISSIONS,
  grants: LOGGING_GRANTS,
} as const

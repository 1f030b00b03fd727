/** Permissions this layer adds to the catalogue (layer 2's `permissions` table). */
export const AUTHENTICATED_PERMISSIONS = {
  'client.view': 'See clients',
  'client.create': 'Create clients',
  'client.edit.own': 'Edit the clients you created',
  'client.edit.all': 'Edit any client',
  'client.delete': 'Delete and restore clients',
  'client.share': 'Share one client with a member (resource policies)',
  'project.view': 'See projects',
  'project.create': 'Create projects',
  'project.edit.own': 'Edit the projects you created',
  'project.edit.all': 'Edit any project',
  'project.delete': 'Delete and restore projects',
} as const

export type AuthenticatedPermission = keyof typeof AUTHENTICATED_PERMISSIONS

/**
 * Grants this layer adds to the system roles of every tenant. The `client.*` grants are already in
 * layer 2's `SYSTEM_ROLES`; only what it lacks is listed here.
 */
export const SYSTEM_ROLE_GRANTS = {
  account_admin: ['project.*'],
  user: ['project.view', 'project.create', 'project.edit.own'],
  viewer: ['project.view'],
} as const satisfies Record<string, readonly string[]>

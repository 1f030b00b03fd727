import type { PermissionContribution } from '@stratum/layer-multitenant/shared'

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

/** What this layer grants the system roles of every tenant, through `multitenant.permissions`. */
export const AUTHENTICATED_GRANTS = {
  account_admin: ['client.*', 'project.*'],
  user: [
    'client.view',
    'client.create',
    'client.edit.own',
    'project.view',
    'project.create',
    'project.edit.own',
  ],
  viewer: ['client.view', 'project.view'],
} as const satisfies PermissionContribution['grants']

/** This layer's contribution to layer 2's permission catalogue and system roles. */
export const authenticatedPermissions = {
  permissions: AUTHENTICATED_PERMISSIONS,
  grants: AUTHENTICATED_GRANTS,
} as const satisfies PermissionContribution

/**
 * Frozen input of migration `20260801000000_clients_projects` (its trigger table, which the down of
 * `20261202000000_drop_system_role_grants` restores): the grants layer 2's `SYSTEM_ROLES` lacked
 * then. Only those migrations read it; {@link AUTHENTICATED_GRANTS} is what the system roles get.
 */
export const SYSTEM_ROLE_GRANTS = {
  account_admin: ['project.*'],
  user: ['project.view', 'project.create', 'project.edit.own'],
  viewer: ['project.view'],
} as const satisfies Record<string, readonly string[]>

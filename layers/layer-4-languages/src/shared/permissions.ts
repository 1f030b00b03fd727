import type { PermissionContribution } from '@stratum/layer-multitenant/shared'

/**
 * Permissions this layer adds to layer 2's catalogue. The contract's `i18n.tenant.manage` is
 * spelled `i18n.tenant-manage`: layer 2's grammar is `resource.action[.own|all]`, and a third
 * segment other than own/all would be read as a scope.
 */
export const LANGUAGES_PERMISSIONS = {
  'i18n.manage': 'Edit global wording and manage locales (superadmin)',
  'i18n.tenant-manage': "Edit the tenant's own wording",
} as const

export type LanguagesPermission = keyof typeof LANGUAGES_PERMISSIONS

/**
 * `i18n.manage` is granted to no tenant role: only a superadmin (who holds every permission)
 * changes global values and locales.
 */
export const LANGUAGES_GRANTS = {
  account_admin: ['i18n.tenant-manage'],
} as const satisfies PermissionContribution['grants']

/** This layer's contribution to `multitenant.permissions`. */
export const languagesPermissions = {
  permissions: LANGUAGES_PERMISSIONS,
  grants: LANGUAGES_GRANTS,
} as const satisfies PermissionContribution

import type { Contribution } from '@stratum/layer-core/server'
import { patternCovers, PERMISSION_PATTERN } from '../shared/can.ts'
import {
  MULTITENANT_PERMISSIONS,
  SYSTEM_ROLES,
  TENANT_SYSTEM_ROLES,
  type PermissionContribution,
  type TenantSystemRole,
} from '../shared/roles.ts'

declare module '@stratum/layer-core/server' {
  interface StratumExtensionPoints {
    /** Permissions for the catalogue, and what the system roles of every tenant are granted. */
    'multitenant.permissions': PermissionContribution
  }
}

/** Layer 2's own contribution: its permissions, and what its system roles get of them. */
export const multitenantPermissions: PermissionContribution = {
  permissions: MULTITENANT_PERMISSIONS,
  grants: {
    account_admin: SYSTEM_ROLES.account_admin,
    user: SYSTEM_ROLES.user,
    viewer: SYSTEM_ROLES.viewer,
  },
}

/** One entry of the `permissions` table. */
export interface CataloguePermission {
  readonly name: string
  readonly description: string
  /** The layer that contributed it. */
  readonly layer: string
}

/** One grant to a system role, with the layer that first contributed it. */
export interface SystemRoleGrant {
  readonly roleKey: TenantSystemRole
  readonly permission: string
  readonly layer: string
}

/** What the enabled layers contributed, checked: the catalogue and the system roles' grants. */
export interface PermissionCatalogue {
  readonly permissions: readonly CataloguePermission[]
  readonly grants: readonly SystemRoleGrant[]
}

/** A concrete permission: the grant pattern without wildcards. */
const isPermissionName = (name: string) => PERMISSION_PATTERN.test(name) && !name.includes('*')

/** Does a grant name a catalogue permission, or a pattern over one (the test `roles` routes use)? */
const grantMatches = (grant: string, name: string) =>
  patternCovers(grant, name) || patternCovers(name, grant)

/**
 * Builds the catalogue from every contribution to `multitenant.permissions`, in registry order.
 * Throws one sentence naming the layer when a permission is badly named or contributed twice,
 * or when a grant goes to a role that is not a tenant system role or matches no permission.
 */
export function buildPermissionCatalogue(
  contributions: readonly Contribution<PermissionContribution>[],
): PermissionCatalogue {
  const permissions = new Map<string, CataloguePermission>()
  for (const { layer, value } of contributions) {
    for (const [name, description] of Object.entries(value.permissions)) {
      if (!isPermissionName(name))
        throw new Error(
          `Layer '${layer}' contributes the permission '${name}', which is not of the form 'resource.action' or 'resource.action.own|all' in lower case.`,
        )
      const earlier = permissions.get(name)
      if (earlier)
        throw new Error(
          `Layer '${layer}' contributes the permission '${name}', which layer '${earlier.layer}' already contributes.`,
        )
      permissions.set(name, { name, description, layer })
    }
  }
  const names = [...permissions.keys()]
  const grants = new Map<string, SystemRoleGrant>()
  for (const { layer, value } of contributions) {
    for (const [roleKey, patterns] of Object.entries(value.grants)) {
      if (!(TENANT_SYSTEM_ROLES as readonly string[]).includes(roleKey))
        throw new Error(
          `Layer '${layer}' grants permissions to the role '${roleKey}', which is not a tenant system role (${TENANT_SYSTEM_ROLES.join(', ')}).`,
        )
      for (const permission of patterns ?? []) {
        if (permission === '*')
          throw new Error(
            `Layer '${layer}' grants '*' to the role '${roleKey}', but only superadmin holds every permission.`,
          )
        if (!PERMISSION_PATTERN.test(permission))
          throw new Error(
            `Layer '${layer}' grants '${permission}' to the role '${roleKey}', which is neither a permission name nor a pattern such as 'resource.*'.`,
          )
        if (!names.some((name) => grantMatches(permission, name)))
          throw new Error(
            `Layer '${layer}' grants '${permission}' to the role '${roleKey}', but no enabled layer contributes a permission it matches.`,
          )
        const key = `${roleKey} ${permission}`
        if (!grants.has(key))
          grants.set(key, { roleKey: roleKey as TenantSystemRole, permission, layer })
      }
    }
  }
  return { permissions: [...permissions.values()], grants: [...grants.values()] }
}

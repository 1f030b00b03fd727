import type { Invite, Member, Membership, PermissionInfo, Role, Tenant } from '../api/types.ts'

/** What the fake backend knows; tests change it between steps. */
export interface BackendState {
  signedIn: boolean
  user: { id: string; email: string; isSuperadmin: boolean }
  memberships: Membership[]
  /** Permissions `/current` answers for a tenant id, when they changed since `/mine`. */
  freshPermissions: Record<string, string[]>
  /** Tenant ids that answer `/current` with 403 TENANT_INACTIVE. */
  inactive: string[]
  members: Member[]
  invites: Invite[]
  roles: Role[]
  catalogue: PermissionInfo[]
  /** Every tenant, as a superadmin sees them. */
  tenants: Tenant[]
  /** Invite tokens I can accept, and the membership each gives. */
  inviteTokens: Record<string, Membership>
  /** Canned failures by `METHOD /path`: `{ 'GET /api/tenants/mine': [503, 'NOT_READY'] }`. */
  failures: Record<string, [status: number, code: string, details?: unknown]>
  /** `/api/tenants/layers` by tenant id: the layers as they stand for it. */
  tenantLayers: Record<string, { id: string; enabled: boolean; switchable: boolean }[]>
}

export const ACME = {
  id: 'tenant-acme',
  slug: 'acme',
  name: 'Acme Corporation',
  theme: null,
  isActive: true,
}
export const GLOBEX = {
  id: 'tenant-globex',
  slug: 'globex',
  name: 'Globex',
  theme: null,
  isActive: true,
}
const ADMIN_PERMISSIONS = ['user.*', 'client.*', 'settings.manage', 'report.*']
const VIEWER_PERMISSIONS = ['client.view', 'report.view']
const role = (
  key: string,
  name: string,
  permissions: string[],
  isSystem = true,
  memberCount = 1,
): Role => ({
  id: `role-${key}`,
  key,
  name,
  description: '',
  isSystem,
  permissions,
  memberCount,
})

/** Ana: account admin in Acme, viewer in Globex, like the demo seed. */
export function defaultState(): BackendState {
  return {
    signedIn: true,
    user: { id: 'user-ana', email: 'ana@example.com', isSuperadmin: false },
    memberships: [
      {
        tenant: { ...ACME },
        role: { id: 'role-account_admin', key: 'account_admin', name: 'Account admin' },
        permissions: [...ADMIN_PERMISSIONS],
      },
      {
        tenant: { ...GLOBEX },
        role: { id: 'role-viewer', key: 'viewer', name: 'Viewer' },
        permissions: [...VIEWER_PERMISSIONS],
      },
    ],
    freshPermissions: {},
    inactive: [],
    tenantLayers: {},
    members: [
      {
        userId: 'user-ana',
        email: 'ana@example.com',
        name: 'Ana',
        role: { id: 'role-account_admin', key: 'account_admin', name: 'Account admin' },
        joinedAt: '2026-01-02T00:00:00.000Z',
      },
      {
        userId: 'user-bo',
        email: 'bo@example.com',
        name: null,
        role: { id: 'role-viewer', key: 'viewer', name: 'Viewer' },
        joinedAt: '2026-01-03T00:00:00.000Z',
      },
    ],
    invites: [],
    roles: [
      role('account_admin', 'Account admin', ADMIN_PERMISSIONS),
      role(
        'user',
        'User',
        ['client.view', 'client.create', 'client.edit.own', 'report.view'],
        true,
        0,
      ),
      role('viewer', 'Viewer', VIEWER_PERMISSIONS),
      role('auditor', 'Auditor', ['report.view'], false, 0),
    ],
    catalogue: [
      { name: 'report.export', description: 'Export reports', layer: 'multitenant' },
      { name: 'report.view', description: 'See reports', layer: 'multitenant' },
      { name: 'settings.manage', description: 'Change tenant settings', layer: 'multitenant' },
      { name: 'user.invite', description: 'Invite people', layer: 'multitenant' },
      { name: 'user.view', description: 'See members', layer: 'multitenant' },
    ],
    tenants: [ACME, GLOBEX].map((t) => ({
      ...t,
      settings: {},
      createdAt: '2026-01-01T00:00:00.000Z',
      deletedAt: null,
    })),
    inviteTokens: {},
    failures: {},
  }
}

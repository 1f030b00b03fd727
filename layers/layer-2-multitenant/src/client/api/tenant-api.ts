import type { ApiClient } from '@stratum/layer-core/client'
import type {
  GrantPolicyBody,
  Invite,
  InvitePreview,
  Member,
  Membership,
  MineResponse,
  PermissionInfo,
  Policy,
  Role,
  RoleBody,
  UpdateRoleBody,
} from './types.ts'

/** Header that names the tenant of a request: its id or slug. */
export const TENANT_HEADER = 'X-Tenant-ID'

/** Where the tenant endpoints live, relative to the API client's base URL. */
export const TENANT_PATHS = {
  mine: '/api/tenants/mine',
  current: '/api/tenants/current',
  members: '/api/tenants/members',
  invites: '/api/tenants/invites',
  acceptInvite: '/api/tenants/invites/accept',
  previewInvite: '/api/tenants/invites/preview',
  roles: '/api/tenants/roles',
  permissions: '/api/tenants/permissions',
  policies: '/api/tenants/policies',
} as const

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function parseMembership(value: unknown): Membership {
  if (
    !isObject(value) ||
    !isObject(value.tenant) ||
    typeof value.tenant.id !== 'string' ||
    !isObject(value.role) ||
    !Array.isArray(value.permissions)
  ) {
    throw new TypeError('Expected a membership with a tenant, a role and permissions.')
  }
  return value as unknown as Membership
}

// Hand-written checks instead of the shared zod schemas: this runs at boot, and zod would add
// about 25 KB to the layer's chunk that every page loads.
const mineParser = {
  parse(data: unknown): MineResponse {
    if (!isObject(data) || !Array.isArray(data.memberships)) {
      throw new TypeError('Expected { isSuperadmin, memberships: [] }.')
    }
    return {
      isSuperadmin: data.isSuperadmin === true,
      memberships: data.memberships.map(parseMembership),
    }
  },
}
const currentParser = {
  parse(data: unknown): Membership & { isSuperadmin: boolean } {
    return { ...parseMembership(data), isSuperadmin: isObject(data) && data.isSuperadmin === true }
  },
}

const at = (base: string, id: string) => `${base}/${encodeURIComponent(id)}`

/** The tenant endpoints over the app's one API client; the interceptor adds `X-Tenant-ID`. */
export const tenantApi = (api: ApiClient) => ({
  /** Tenants I can enter, with my role and permissions in each. */
  mine: () => api.get(TENANT_PATHS.mine, { schema: mineParser }),
  /** My role and permissions in `tenantId`, asked with that tenant whatever is selected. */
  current: (tenantId: string) =>
    api.get(TENANT_PATHS.current, {
      headers: { [TENANT_HEADER]: tenantId },
      schema: currentParser,
    }),
  members: () => api.get<{ members: Member[] }>(TENANT_PATHS.members),
  changeRole: (userId: string, roleId: string) =>
    api.patch<Member>(at(TENANT_PATHS.members, userId), { roleId }),
  removeMember: (userId: string) => api.delete<void>(at(TENANT_PATHS.members, userId)),
  invites: () => api.get<{ invites: Invite[] }>(TENANT_PATHS.invites),
  /** `locale`: the inviter's UI language, for a recipient who has not saved one. */
  invite: (body: { email: string; roleId: string; locale?: string }) =>
    api.post<Invite>(TENANT_PATHS.invites, body),
  revokeInvite: (id: string) => api.delete<void>(at(TENANT_PATHS.invites, id)),
  /** What an open invite sent to my email offers: tenant, role and inviter. Changes nothing. */
  previewInvite: (token: string) => api.post<InvitePreview>(TENANT_PATHS.previewInvite, { token }),
  /** Accepts an invite sent to my email; answers the membership it created. */
  acceptInvite: (token: string) =>
    api.post(TENANT_PATHS.acceptInvite, { token }, { schema: { parse: parseMembership } }),
  roles: () => api.get<{ roles: Role[] }>(TENANT_PATHS.roles),
  createRole: (body: RoleBody) => api.post<Role>(TENANT_PATHS.roles, body),
  updateRole: (id: string, body: UpdateRoleBody) =>
    api.patch<Role>(at(TENANT_PATHS.roles, id), body),
  deleteRole: (id: string) => api.delete<void>(at(TENANT_PATHS.roles, id)),
  permissions: () => api.get<{ permissions: PermissionInfo[] }>(TENANT_PATHS.permissions),
  /** Who has extra access to one record (`<type>.share` needed). */
  policies: (resourceType: string, resourceId: string) =>
    api.get<{ policies: Policy[] }>(TENANT_PATHS.policies, {
      query: { resourceType, resourceId },
    }),
  /** Grants (or replaces) one member's access to one record. */
  grantPolicy: (body: GrantPolicyBody) => api.post<Policy>(TENANT_PATHS.policies, body),
  revokePolicy: (id: string) => api.delete<void>(at(TENANT_PATHS.policies, id)),
})

export type TenantApi = ReturnType<typeof tenantApi>

/// <reference types="node" />
// A test helper, never bundled: it runs the fake backend the client tests talk to over real HTTP.
// eslint-disable-next-line no-restricted-imports
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
// eslint-disable-next-line no-restricted-imports
import type { AddressInfo } from 'node:net'
import type { Invite, Member, Membership, PermissionInfo, Role } from '../api/types.ts'

/** One request as the backend saw it. */
export interface SeenRequest {
  method: string
  path: string
  /** The `X-Tenant-ID` header, if any. */
  tenant: string | undefined
  body: unknown
}

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
  /** Canned failures by `METHOD /path`: `{ 'GET /api/tenants/mine': [503, 'NOT_READY'] }`. */
  failures: Record<string, [status: number, code: string]>
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
    failures: {},
  }
}

/** A running fake backend. */
export interface TenantTestBackend {
  readonly url: string
  state: BackendState
  readonly seen: SeenRequest[]
  /** Forgets the requests and puts the default state back. */
  reset(): void
  close(): Promise<void>
}

type Reply = [status: number, body?: unknown]
const failure = (status: number, code: string, details?: unknown): Reply => [
  status,
  {
    error: `Failed with ${code}.`,
    code,
    timestamp: new Date().toISOString(),
    requestId: `req-${code.toLowerCase()}`,
    details,
  },
]

function route(state: BackendState, req: SeenRequest): Reply {
  const { method, path } = req
  const canned = state.failures[`${method} ${path}`]
  if (canned) return failure(...canned)
  if (path === '/api/auth/me')
    return state.signedIn ? [200, { user: state.user }] : failure(401, 'UNAUTHENTICATED')
  if (path === '/api/auth/refresh') return failure(401, 'REFRESH_TOKEN_INVALID')
  if (!state.signedIn) return failure(401, 'UNAUTHENTICATED')
  if (path === '/api/tenants/mine')
    return [200, { isSuperadmin: state.user.isSuperadmin, memberships: state.memberships }]

  const membership = state.memberships.find(
    (m) => m.tenant.id === req.tenant || m.tenant.slug === req.tenant,
  )
  if (!req.tenant) return failure(400, 'TENANT_REQUIRED')
  if (!membership) return failure(403, 'TENANT_ACCESS_DENIED')
  if (state.inactive.includes(membership.tenant.id)) return failure(403, 'TENANT_INACTIVE')
  const body = (req.body ?? {}) as Record<string, string>
  const [, , , resource, id] = path.split('/')

  if (path === '/api/tenants/current') {
    const permissions = state.freshPermissions[membership.tenant.id] ?? membership.permissions
    return [200, { ...membership, permissions, isSuperadmin: state.user.isSuperadmin }]
  }
  if (resource === 'members' && method === 'GET') return [200, { members: state.members }]
  if (resource === 'members' && method === 'PATCH') {
    const member = state.members.find((m) => m.userId === id)
    const next = state.roles.find((r) => r.id === body.roleId)
    if (!member || !next) return failure(404, 'MEMBER_NOT_FOUND')
    const admins = state.members.filter((m) => m.role.key === 'account_admin')
    if (member.role.key === 'account_admin' && next.key !== 'account_admin' && admins.length <= 1) {
      return failure(409, 'LAST_ACCOUNT_ADMIN')
    }
    member.role = { id: next.id, key: next.key, name: next.name }
    return [200, member]
  }
  if (resource === 'invites' && method === 'GET') return [200, { invites: state.invites }]
  if (resource === 'invites' && method === 'POST') {
    if (!/^[^@\s]+@[^@\s]+\.[a-z]+$/i.test(body.email ?? '')) {
      return failure(400, 'VALIDATION_FAILED', { fields: { email: ['Invalid email address'] } })
    }
    const invited = state.roles.find((r) => r.id === body.roleId)!
    const invite: Invite = {
      id: `invite-${state.invites.length + 1}`,
      email: body.email!,
      role: { id: invited.id, key: invited.key, name: invited.name },
      expiresAt: '2999-01-01T00:00:00.000Z',
      acceptedAt: null,
      createdAt: new Date().toISOString(),
    }
    state.invites.unshift(invite)
    return [201, invite]
  }
  if (resource === 'roles' && method === 'GET') return [200, { roles: state.roles }]
  if (resource === 'roles' && method === 'PATCH') {
    const found = state.roles.find((r) => r.id === id)
    if (!found) return failure(404, 'ROLE_NOT_FOUND')
    if (found.isSystem) return failure(403, 'ROLE_IMMUTABLE')
    Object.assign(found, body)
    return [200, found]
  }
  if (resource === 'permissions') return [200, { permissions: state.catalogue }]
  return failure(404, 'NOT_FOUND')
}

/**
 * Starts a fake of the tenant API on 127.0.0.1. It answers CORS, as the browser's (happy-dom's)
 * fetch checks it; the real app is same-origin.
 */
export async function startTenantTestBackend(): Promise<TenantTestBackend> {
  const seen: SeenRequest[] = []
  const backend = { state: defaultState(), seen } as TenantTestBackend & { url: string }
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = ''
    req.on('data', (chunk: Buffer) => (raw += chunk.toString()))
    req.on('end', () => {
      res.setHeader('Access-Control-Allow-Origin', req.headers.origin ?? '*')
      res.setHeader('Access-Control-Allow-Credentials', 'true')
      if (req.method === 'OPTIONS') {
        res.writeHead(204, {
          'Access-Control-Allow-Methods': 'GET, POST, PATCH, DELETE',
          'Access-Control-Allow-Headers': req.headers['access-control-request-headers'] ?? '',
        })
        return res.end()
      }
      const tenant = req.headers['x-tenant-id']
      const request: SeenRequest = {
        method: req.method ?? 'GET',
        path: (req.url ?? '').split('?')[0]!,
        tenant: typeof tenant === 'string' ? tenant : undefined,
        body: raw ? JSON.parse(raw) : undefined,
      }
      seen.push(request)
      const [status, body] = route(backend.state, request)
      res.writeHead(status, { 'Content-Type': 'application/json' })
      res.end(body === undefined ? '' : JSON.stringify(body))
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  backend.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
  backend.reset = () => {
    backend.state = defaultState()
    seen.length = 0
  }
  backend.close = async () => {
    server.closeAllConnections()
    await new Promise((resolve) => server.close(resolve))
  }
  return backend
}

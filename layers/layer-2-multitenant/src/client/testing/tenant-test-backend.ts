/// <reference types="node" />
// A test helper, never bundled: it runs the fake backend the client tests talk to over real HTTP.
// eslint-disable-next-line no-restricted-imports
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http'
// eslint-disable-next-line no-restricted-imports
import type { AddressInfo } from 'node:net'
import type { Invite, Tenant } from '../api/types.ts'
import { defaultState, type BackendState } from './tenant-test-fixtures.ts'

export { ACME, GLOBEX, defaultState, type BackendState } from './tenant-test-fixtures.ts'

/** One request as the backend saw it. */
export interface SeenRequest {
  method: string
  path: string
  /** The `X-Tenant-ID` header, if any. */
  tenant: string | undefined
  body: unknown
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
  if (path.startsWith('/api/admin/multitenant/tenants')) return admin(state, req)
  if (path === '/api/tenants/invites/preview') {
    const offered = state.inviteTokens[(req.body as { token?: string } | undefined)?.token ?? '']
    if (!offered) return failure(404, 'INVITE_NOT_FOUND')
    const { id, slug, name } = offered.tenant
    return [
      200,
      {
        tenant: { id, slug, name },
        role: offered.role,
        inviter: { name: 'Ana Souza', email: 'ana@example.com' },
        expiresAt: '2030-01-01T00:00:00.000Z',
      },
    ]
  }
  if (path === '/api/tenants/invites/accept') {
    const joined = state.inviteTokens[(req.body as { token?: string } | undefined)?.token ?? '']
    if (!joined) return failure(404, 'INVITE_NOT_FOUND')
    state.memberships.push(joined)
    return [200, joined]
  }

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
  const lastAdmin = (userId: string | undefined) =>
    state.members
      .filter((m) => m.role.key === 'account_admin')
      .map((m) => m.userId)
      .join() === userId
  if (resource === 'members' && method === 'PATCH') {
    if (id === state.user.id) return failure(403, 'OWN_ROLE_CHANGE')
    const member = state.members.find((m) => m.userId === id)
    const next = state.roles.find((r) => r.id === body.roleId)
    if (!member || !next) return failure(404, 'MEMBER_NOT_FOUND')
    if (next.key !== 'account_admin' && lastAdmin(id)) return failure(409, 'LAST_ACCOUNT_ADMIN')
    member.role = { id: next.id, key: next.key, name: next.name }
    return [200, member]
  }
  if (resource === 'members' && method === 'DELETE') {
    if (!state.members.some((m) => m.userId === id)) return failure(404, 'MEMBER_NOT_FOUND')
    if (lastAdmin(id)) return failure(409, 'LAST_ACCOUNT_ADMIN')
    state.members = state.members.filter((m) => m.userId !== id)
    return [204]
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
  const layers = state.tenantLayers[membership.tenant.id] ?? []
  if (resource === 'layers' && method === 'GET') return [200, { layers }]
  if (resource === 'layers' && method === 'PUT') {
    const found = layers.find((l) => l.id === id)
    if (!found) return failure(404, 'NOT_FOUND')
    found.enabled = (req.body as { enabled: boolean }).enabled
    return [200, { layers }]
  }
  return failure(404, 'NOT_FOUND')
}

function admin(state: BackendState, req: SeenRequest): Reply {
  if (!state.user.isSuperadmin) return failure(403, 'FORBIDDEN')
  const [, , , , , id, action] = req.path.split('/')
  if (!id && req.method === 'GET') return [200, { tenants: state.tenants }]
  if (!id && req.method === 'POST') {
    const { name, slug } = req.body as { name: string; slug: string }
    if (state.tenants.some((t) => t.slug === slug))
      return failure(409, 'SLUG_TAKEN', { fields: { slug: ['This slug is taken.'] } })
    const tenant: Tenant = {
      id: `tenant-${slug}`,
      slug,
      name,
      theme: null,
      settings: {},
      isActive: true,
      createdAt: new Date().toISOString(),
      deletedAt: null,
    }
    state.tenants.push(tenant)
    return [201, tenant]
  }
  const tenant = state.tenants.find((t) => t.id === id)
  if (!tenant) return failure(404, 'TENANT_NOT_FOUND')
  if (action === 'deactivate' || action === 'activate') {
    tenant.isActive = action === 'activate'
    return [200, tenant]
  }
  if (req.method === 'DELETE') {
    Object.assign(tenant, { isActive: false, deletedAt: new Date().toISOString() })
    return [204]
  }
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
          'Access-Control-Allow-Methods': 'GET, POST, PUT, PATCH, DELETE',
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

import type { Kysely } from 'kysely'
import type { AnyServerLayer, CacheStore } from '@stratum/layer-core/server'
import type { LayersConfig } from '@stratum/layer-core/shared'
import {
  createTestHost,
  signIn,
  type SignedIn,
  type TestHost,
  type TestTarget,
} from '@stratum/host-backend/testing'
import { addMember, createTenant, type MultitenantDatabase } from '../src/server/index.ts'

export const TENANCY_LAYERS = {
  layers: [
    { name: 'core', enabled: true, priority: 0 },
    { name: 'auth', enabled: true, prefix: '/api/auth' },
    { name: 'multitenant', enabled: true, prefix: '/api/tenants' },
  ],
}

let n = 0
export const uniqueEmail = (tag: string) => `${tag}-${Date.now()}-${n++}@example.test`

/** Two tenants, an account admin in each, a viewer and a plain user in A, and a superadmin. */
export interface World {
  t: TestHost
  a: { id: string; slug: string }
  b: { id: string; slug: string }
  adminA: SignedIn
  adminB: SignedIn
  viewerA: SignedIn
  userA: SignedIn
  superadmin: SignedIn
  /** Adds an existing user to a tenant with a role, as the seed or an accepted invite would. */
  addTo(tenant: { id: string }, user: SignedIn, role: string): Promise<void>
  json(
    method: string,
    path: string,
    who: SignedIn,
    tenant?: string,
    body?: unknown,
  ): Promise<Response>
}

export async function createWorld(
  target: TestTarget,
  extra: {
    layersConfig?: LayersConfig
    env?: Record<string, string>
    /** Layers that are not packages (test fixtures), enabled by an entry in `layersConfig`. */
    extraLayers?: readonly AnyServerLayer[]
    /** @default the test host's: a Redis key prefix of its own (postgres) or in-process */
    cache?: CacheStore
  } = {},
): Promise<World> {
  const superEmail = uniqueEmail('root')
  const t = await createTestHost({
    target,
    layersConfig: extra.layersConfig ?? TENANCY_LAYERS,
    extraLayers: extra.extraLayers,
    cache: extra.cache,
    env: { SUPERADMIN_EMAILS: superEmail, RATE_LIMIT_MAX: '100000', ...extra.env },
  })
  const suffix = `${Date.now().toString(36)}${n++}`
  const database = t.host.platform.database
  const a = await createTenant(database, { name: 'Tenant A', slug: `a-${suffix}` })
  const b = await createTenant(database, { name: 'Tenant B', slug: `b-${suffix}` })
  const addTo = (tenant: { id: string }, user: SignedIn, role: string) =>
    database.withSettings({ 'app.tenant_id': tenant.id }, (trx) =>
      addMember(trx as Kysely<MultitenantDatabase>, tenant.id, user.userId, role),
    )
  const [adminA, adminB, viewerA, userA, superadmin] = await Promise.all([
    signIn(t, uniqueEmail('admin-a')),
    signIn(t, uniqueEmail('admin-b')),
    signIn(t, uniqueEmail('viewer-a')),
    signIn(t, uniqueEmail('user-a')),
    signIn(t, superEmail),
  ])
  await addTo(a, adminA, 'account_admin')
  await addTo(b, adminB, 'account_admin')
  await addTo(a, viewerA, 'viewer')
  await addTo(a, userA, 'user')
  const json = (method: string, path: string, who: SignedIn, tenant?: string, body?: unknown) =>
    t.request(path, {
      method,
      headers: who.headers(
        tenant,
        body === undefined ? {} : { 'content-type': 'application/json' },
      ),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    })
  return {
    t,
    a: { id: a.id, slug: a.slug },
    b: { id: b.id, slug: b.slug },
    adminA,
    adminB,
    viewerA,
    userA,
    superadmin,
    addTo,
    json,
  }
}

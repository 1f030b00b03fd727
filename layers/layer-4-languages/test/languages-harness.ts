import type { CacheStore } from '@stratum/layer-core/server'
import {
  AUDIT_PROBE_ENTRY,
  createAuditProbe,
  type AuditProbe,
  type SignedIn,
  type TestTarget,
} from '@stratum/host-backend/testing'
import { createWorld, TENANCY_LAYERS, type World } from '@stratum/layer-multitenant/testing'

export { uniqueEmail, type World } from '@stratum/layer-multitenant/testing'

/** Layers 0–3 and this one, as `layers.config.ts` enables them. */
export const LANGUAGE_LAYERS = {
  layers: [
    ...TENANCY_LAYERS.layers,
    { name: 'authenticated', enabled: true, prefix: '/api/app' },
    { name: 'languages', enabled: true, prefix: '/api/i18n' },
  ],
}

export const ADMIN = '/api/admin/languages'

/** Layer 2's world (tenants A and B, their admins, …) with this layer and an audit probe on. */
export async function createLanguagesWorld(
  target: TestTarget,
  options: { cache?: CacheStore } = {},
): Promise<World & { probe: AuditProbe }> {
  const probe = createAuditProbe()
  const world = await createWorld(target, {
    layersConfig: { layers: [...LANGUAGE_LAYERS.layers, AUDIT_PROBE_ENTRY] },
    extraLayers: [probe.layer],
    ...(options.cache ? { cache: options.cache } : {}),
  })
  return { ...world, probe }
}

/** The JSON body of a response, typed by the caller. */
export const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T

/** `PUT /translations` as `who`, in `tenant` (`'global'` or a tenant id, sent in X-Tenant-ID too). */
export const putValue = (
  w: World,
  who: SignedIn,
  input: {
    locale: string
    namespace: string
    key: string
    value: string
    tenant?: string
    version?: number
  },
) =>
  w.json(
    'PUT',
    `${ADMIN}/translations`,
    who,
    input.tenant && input.tenant !== 'global' ? input.tenant : undefined,
    input,
  )

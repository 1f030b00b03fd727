import type { TestTarget } from '@stratum/host-backend/testing'
import { createWorld, TENANCY_LAYERS, type World } from '@stratum/layer-multitenant/testing'

export { uniqueEmail, type World } from '@stratum/layer-multitenant/testing'

/** Layers 0–3, as `layers.config.ts` enables them; the priority comes from the manifest. */
export const APP_LAYERS = {
  layers: [...TENANCY_LAYERS.layers, { name: 'authenticated', enabled: true, prefix: '/api/app' }],
}

/**
 * Layer 2's world (tenants A and B, their admins, a viewer and a user in A) with this layer on.
 * `extra` overrides the layers config or adds test layers, as layer 2's `createWorld` takes them.
 */
export const createAppWorld = (
  target: TestTarget,
  extra: NonNullable<Parameters<typeof createWorld>[1]> = {},
): Promise<World> => createWorld(target, { layersConfig: APP_LAYERS, ...extra })

/** The JSON body of a response, typed by the caller. */
export const body = async <T = Record<string, unknown>>(res: Response) => (await res.json()) as T

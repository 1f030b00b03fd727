import type { DevMailboxResponse } from '../../shared/health-api.ts'
import type { LayerInfo, LayersResponse } from '../../shared/layers-api.ts'
import type { ApiClient, ApiMethodOptions } from './api-client.ts'

// Hand-written checks instead of the shared zod schemas keep zod out of the initial bundle.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function parseLayerInfo(value: unknown): LayerInfo {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.version !== 'string') {
    throw new TypeError('A layer entry needs a string id and version.')
  }
  return {
    id: value.id,
    version: value.version,
    priority: typeof value.priority === 'number' ? value.priority : 0,
    dependsOn: Array.isArray(value.dependsOn)
      ? value.dependsOn.filter((d) => typeof d === 'string')
      : [],
    prefix: typeof value.prefix === 'string' ? value.prefix : null,
  }
}

/** Checks the body of `GET /api/core/layers`. */
export const layersResponseParser = {
  parse(data: unknown): LayersResponse {
    if (!isObject(data) || !Array.isArray(data.layers))
      throw new TypeError('Expected { layers: [] }.')
    const features = Array.isArray(data.features)
      ? data.features.filter((f): f is string => typeof f === 'string')
      : []
    return { layers: data.layers.map(parseLayerInfo), features }
  },
}

/** The live layers, in registry order: `GET /api/core/layers`. */
export const fetchLayers = (api: ApiClient, options: ApiMethodOptions<LayersResponse> = {}) =>
  api.get('/api/core/layers', { ...options, schema: layersResponseParser })

export type DevMail = DevMailboxResponse['messages'][number]

/** Messages the dev mailbox kept, newest first. Rejects with `NOT_FOUND` when SMTP is configured. */
export const fetchDevMailbox = (
  api: ApiClient,
  options: ApiMethodOptions<DevMailboxResponse> = {},
) => api.get<DevMailboxResponse>('/api/core/dev/mailbox', options)

import type { DevMailboxResponse } from '../../shared/health-api.ts'
import type { LayersResponse, MessageOverridesResponse } from '../../shared/layers-api.ts'
import type { LocaleCode, LocaleInfo } from '../../shared/locales.ts'
import type { ApiClient, ApiMethodOptions } from './api-client.ts'

// Hand-written checks instead of the shared zod schemas keep zod out of the initial bundle.
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null

function parseLayerInfo(value: unknown): LayersResponse['layers'][number] {
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
    enabled: value.enabled !== false,
  }
}

// A malformed entry is left out rather than failing the boot: the shipped locales still work.
function parseLocaleInfo(value: unknown): LocaleInfo[] {
  if (!isObject(value) || typeof value.code !== 'string' || value.code === '') return []
  const name = typeof value.name === 'string' ? value.name : value.code
  return [
    {
      code: value.code,
      name,
      nativeName: typeof value.nativeName === 'string' ? value.nativeName : name,
      ...(typeof value.rtl === 'boolean' ? { rtl: value.rtl } : {}),
      ...(typeof value.fallback === 'string' ? { fallback: value.fallback } : {}),
    },
  ]
}

/** Checks the body of `GET /api/core/layers`. */
export const layersResponseParser = {
  parse(data: unknown): LayersResponse {
    if (!isObject(data) || !Array.isArray(data.layers))
      throw new TypeError('Expected { layers: [] }.')
    const features = Array.isArray(data.features)
      ? data.features.filter((f): f is string => typeof f === 'string')
      : []
    const locales = Array.isArray(data.locales) ? data.locales.flatMap(parseLocaleInfo) : []
    // `tenantId` is left out: the app follows `enabled` and needs no more.
    return { layers: data.layers.map(parseLayerInfo), features, locales }
  },
}

/** Checks the body of `GET /api/core/messages/{locale}`. */
export const messageOverridesParser = {
  parse(data: unknown): MessageOverridesResponse {
    if (!isObject(data) || typeof data.locale !== 'string' || !isObject(data.messages)) {
      throw new TypeError('Expected { locale, messages: {} }.')
    }
    const messages: MessageOverridesResponse['messages'] = {}
    for (const [namespace, tree] of Object.entries(data.messages)) {
      if (isObject(tree) && !Array.isArray(tree)) messages[namespace] = tree
    }
    return { locale: data.locale, messages }
  },
}

/** The live layers, in registry order: `GET /api/core/layers`. */
export const fetchLayers = (api: ApiClient, options: ApiMethodOptions<LayersResponse> = {}) =>
  api.get('/api/core/layers', { ...options, schema: layersResponseParser })

/**
 * What the server's message sources add or override for one locale, by namespace (layer id):
 * `GET /api/core/messages/{locale}`. Ask only when `features` has `message-overrides`.
 */
export const fetchMessageOverrides = (
  api: ApiClient,
  locale: LocaleCode,
  options: ApiMethodOptions<MessageOverridesResponse> = {},
) =>
  api.get(`/api/core/messages/${encodeURIComponent(locale)}`, {
    ...options,
    schema: messageOverridesParser,
  })

export type DevMail = DevMailboxResponse['messages'][number]

/** Messages the dev mailbox kept, newest first. Rejects with `NOT_FOUND` when SMTP is configured. */
export const fetchDevMailbox = (
  api: ApiClient,
  options: ApiMethodOptions<DevMailboxResponse> = {},
) => api.get<DevMailboxResponse>('/api/core/dev/mailbox', options)

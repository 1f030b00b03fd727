import { z } from 'zod'

/** `GET /api/core/layers`: the resolved registry, in order. */
export const layerInfoSchema = z.object({
  id: z.string(),
  version: z.string(),
  priority: z.number(),
  dependsOn: z.array(z.string()),
  prefix: z.string().nullable(),
  /**
   * On or off for the tenant the answer is for (see `tenantId`), else globally. Every installed
   * layer is listed; clients drop the routes, nav items and stores of a layer that is off.
   */
  enabled: z.boolean().default(true),
})
/** A live locale: shipped with the layers, or added at run time by a `core.messages` source. */
export const localeInfoSchema = z.object({
  code: z.string(),
  name: z.string(),
  nativeName: z.string(),
  rtl: z.boolean().optional(),
  fallback: z.string().optional(),
})
export const layersResponseSchema = z.object({
  layers: z.array(layerInfoSchema),
  /**
   * Optional capabilities of this server: `dev-mailbox` (embedded defaults only),
   * `message-overrides` (some `core.messages` source overrides compiled messages).
   */
  features: z.array(z.string()).default([]),
  /** The live locales, so the SPA does not compile the list in. */
  locales: z.array(localeInfoSchema).default([]),
  /** The tenant whose switches `enabled` reflects; null: the global state. */
  tenantId: z.string().nullable().default(null),
})

/** `GET /api/core/messages/{locale}`: what `core.messages` sources give for one locale. */
export const messageOverridesResponseSchema = z.object({
  locale: z.string(),
  /** Namespace (layer id) → message tree, merged over the compiled messages by the SPA. */
  messages: z.record(z.string(), z.record(z.string(), z.unknown())),
})
export type MessageOverridesResponse = z.infer<typeof messageOverridesResponseSchema>
/** `enabled` may be absent (a server before run-time switches): absent means on. */
export type LayerInfo = z.input<typeof layerInfoSchema>
/** `tenantId` may be absent as `enabled` may: absent means the global state. */
export type LayersResponse = Omit<z.output<typeof layersResponseSchema>, 'layers' | 'tenantId'> & {
  layers: LayerInfo[]
  tenantId?: string | null
}

/** `GET /api/core/info`. */
export const infoResponseSchema = z.object({
  name: z.string(),
  version: z.string(),
  layers: z.array(z.string()),
})
export type InfoResponse = z.infer<typeof infoResponseSchema>

/**
 * `GET /api/core/theme`: what the server knows before sign-in. The client applies, in order: the
 * subdomain's theme, the tenant's theme setting (after sign-in), the default, base.
 */
export const themeResponseSchema = z.object({
  /** Theme named by the request's subdomain, when one exists. */
  subdomain: z.string().nullable(),
  /** `DEFAULT_THEME`, or base when that names no theme. */
  default: z.string(),
  /** Every theme under `themes/`. */
  available: z.array(z.string()),
})
export type ThemeResponse = z.infer<typeof themeResponseSchema>

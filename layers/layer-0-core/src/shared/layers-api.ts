import { z } from 'zod'

/** `GET /api/core/layers`: the resolved registry, in order. */
export const layerInfoSchema = z.object({
  id: z.string(),
  version: z.string(),
  priority: z.number(),
  dependsOn: z.array(z.string()),
  prefix: z.string().nullable(),
})
export const layersResponseSchema = z.object({
  layers: z.array(layerInfoSchema),
  /** Optional capabilities of this server, for example `dev-mailbox` (embedded defaults only). */
  features: z.array(z.string()).default([]),
})
export type LayerInfo = z.infer<typeof layerInfoSchema>
export type LayersResponse = z.output<typeof layersResponseSchema>

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

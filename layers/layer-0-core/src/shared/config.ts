import { z } from 'zod'
import { LAYER_ID_PATTERN } from './manifest.ts'

/** One entry of `layers.config.ts`. */
export const layerConfigEntrySchema = z
  .object({
    /** Layer id, as in the layer's manifest. */
    name: z.string().regex(LAYER_ID_PATTERN, 'must be a kebab-case layer id'),
    enabled: z.boolean(),
    /** Overrides the manifest's priority; lower runs first. */
    priority: z.number().int().optional(),
    /** Extra dependencies on top of the manifest's `dependsOn`. */
    dependencies: z.array(z.string()).default([]),
    /** API prefix the layer's router is mounted under; core has none. */
    prefix: z
      .string()
      .regex(/^\/api(?:\/[a-z0-9-]+)+$/, "must look like '/api/<segment>'")
      .optional(),
    /** OpenAPI tags for the layer's routes. */
    openapiTags: z.array(z.string().min(1)).default([]),
  })
  .strict()

export const layersConfigSchema = z.object({ layers: z.array(layerConfigEntrySchema) }).strict()

export type LayerConfigEntry = z.input<typeof layerConfigEntrySchema>
export type LayersConfig = z.input<typeof layersConfigSchema>

/** Identity helper for `layers.config.ts`, so the file is checked where it is written. */
export const defineLayersConfig = <const C extends LayersConfig>(config: C): C => config

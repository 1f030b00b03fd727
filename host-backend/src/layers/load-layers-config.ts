import { resolve } from 'node:path'
import { importSourceModule } from '@stratum/layer-core/server'
import type { LayersConfig } from '@stratum/layer-core/shared'

/** Loads `layers.config.ts` (or another file, for tests) from the repository root. */
export async function loadLayersConfig(
  root: string,
  file = 'layers.config.ts',
): Promise<LayersConfig> {
  const mod = (await importSourceModule(resolve(root, file))) as { default?: LayersConfig }
  if (!mod.default) throw new Error(`${file} must export the layers configuration as default.`)
  return mod.default
}

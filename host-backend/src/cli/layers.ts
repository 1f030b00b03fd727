import { describeLayers, LayerRegistryError, resolveLayers } from '@stratum/layer-core/shared'
import { REPO_ROOT } from '../app.ts'
import { discoverLayers } from '../layers/discover-layers.ts'
import { loadLayersConfig } from '../layers/load-layers-config.ts'
import { newLayerCommand } from './new-layer.ts'

/**
 * `pnpm layers` prints the resolved order and the dependency tree; `pnpm layers check` prints
 * one line and exits non-zero with the registry's sentence when the configuration is invalid;
 * `pnpm layers new <number> <id>` scaffolds a layer (see `new-layer.ts`).
 */
async function run(mode: string | undefined, args: readonly string[]): Promise<number> {
  if (mode === 'new') return newLayerCommand(REPO_ROOT, args)
  if (mode !== undefined && mode !== 'check') {
    console.error(
      `Unknown mode '${mode}'. Use 'pnpm layers', 'pnpm layers check' or 'pnpm layers new <number> <id>'.`,
    )
    return 2
  }
  try {
    const layers = resolveLayers(
      await loadLayersConfig(REPO_ROOT, process.env.LAYERS_CONFIG),
      await discoverLayers(REPO_ROOT),
    )
    console.log(
      mode === 'check'
        ? `layers.config.ts is valid: ${layers.map((l) => l.id).join(' → ')}`
        : describeLayers(layers),
    )
    return 0
  } catch (error) {
    if (!(error instanceof LayerRegistryError)) throw error
    console.error(error.message)
    return 1
  }
}

process.exitCode = await run(process.argv[2], process.argv.slice(3))

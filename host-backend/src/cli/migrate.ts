import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { logFormat } from '@stratum/layer-core/server'
import { resolveLayers } from '@stratum/layer-core/shared'
import { REPO_ROOT } from '../app.ts'
import { useCompiledBuild } from '../compiled-build.ts'
import { discoverLayers, loadServerLayer } from '../layers/discover-layers.ts'
import { loadLayersConfig } from '../layers/load-layers-config.ts'
import { migrateLayers } from '../layers/migrate-layers.ts'
import { loadPlatformConfig } from '../load-platform-config.ts'
import { createLogger } from '../logger.ts'
import { createDatabase } from '../platform/index.ts'

/**
 * `pnpm migrate` (sources) or `node host-backend/dist/migrate.js` (the compiled build, as the
 * Kubernetes migration Job runs it): applies every enabled layer's migrations, in registry order,
 * and exits.
 */
async function run(): Promise<void> {
  // Under the compiled build, layer sources resolve to their compiled files, as in main.ts.
  const root = useCompiledBuild(dirname(fileURLToPath(import.meta.url))) ?? REPO_ROOT
  const config = loadPlatformConfig()
  const logger = createLogger(config.LOG_LEVEL, undefined, undefined, logFormat(config))
  const packages = await discoverLayers(root)
  const layers = resolveLayers(await loadLayersConfig(root, process.env.LAYERS_CONFIG), packages)
  const servers = await Promise.all(
    layers.map(async (resolved) => ({
      resolved,
      server: await loadServerLayer(packages.find((p) => p.manifest.id === resolved.id)!),
    })),
  )
  const database = await createDatabase(config, logger)
  try {
    const applied = await migrateLayers(database, servers, logger)
    console.log(
      applied.length > 0
        ? `Applied ${applied.length} migration(s): ${applied.join(', ')}`
        : 'The database is up to date.',
    )
  } finally {
    await database.close()
  }
}

run().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error)
  process.exitCode = 1
})

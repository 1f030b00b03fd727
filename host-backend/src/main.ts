import { dirname } from 'node:path'
import { fileURLToPath } from 'node:url'
import { LayerRegistryError } from '@stratum/layer-core/shared'
import { createHost } from './app.ts'
import { useCompiledBuild } from './compiled-build.ts'
import { ConfigError, loadPlatformConfig } from './load-platform-config.ts'
import { flushLogs } from './logger.ts'
import { startServer } from './server.ts'

/**
 * Entry point: `tsx host-backend/src/main.ts`, or `node host-backend/dist/main.js` once built
 * (`scripts/lib/backend.mjs`). Exits 0 after a clean SIGTERM/SIGINT drain.
 */
async function main(): Promise<void> {
  // Undefined under tsx: the host then finds the root from its own source folder.
  const root = useCompiledBuild(dirname(fileURLToPath(import.meta.url)))
  const config = loadPlatformConfig()
  const host = await createHost({ config, root })
  const running = await startServer(host)
  const stores = [
    host.platform.database.kind === 'pglite'
      ? `embedded PGlite in ${config.DATA_DIR}`
      : 'PostgreSQL',
    host.platform.cache.kind === 'memory' ? 'in-process cache' : 'Redis',
    host.platform.mail.kind === 'dev-mailbox' ? 'dev mailbox' : 'SMTP',
  ]
  console.log(
    `Stratum is running at ${running.url}  (${stores.join(', ')}; layers: ${host.layers.map((l) => l.id).join(', ')})`,
  )

  const stop = (signal: string) => {
    host.platform.logger.info('signal received', { signal })
    running.shutdown().then(
      () => {
        flushLogs()
        process.exit(0)
      },
      (error: unknown) => {
        flushLogs()
        console.error('Shutdown failed:', error)
        process.exit(1)
      },
    )
  }
  process.once('SIGTERM', () => stop('SIGTERM'))
  process.once('SIGINT', () => stop('SIGINT'))
}

main().catch((error: unknown) => {
  flushLogs()
  // Configuration problems are one sentence for a person; anything else keeps its stack.
  if (error instanceof LayerRegistryError || error instanceof ConfigError) {
    console.error(`Stratum cannot start: ${error.message}`)
  } else {
    console.error('Stratum cannot start:', error)
  }
  process.exit(1)
})

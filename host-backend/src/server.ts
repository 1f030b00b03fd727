import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { setTimeout as sleep } from 'node:timers/promises'
import { serve } from '@hono/node-server'
import { shutdownDrainDelayMs } from '@stratum/layer-core/server'
import type { Host } from './app.ts'
import { TrackedResponse, trackConnections, type ConnectionDrain } from './connection-drain.ts'

export interface RunningServer {
  readonly server: Server
  readonly url: string
  /**
   * Drains: readiness 503 and `Connection: close` for the drain delay, then stops accepting and
   * lets in-flight requests finish (bounded), then closes the platform.
   */
  shutdown(): Promise<void>
}

/**
 * Listens on `HOST:PORT` with a keep-alive timeout above the gateway's upstream keepalive, so
 * nginx never reuses a socket the backend is closing (the cause of intermittent 502s).
 */
export function startServer(host: Host): Promise<RunningServer> {
  const { config, platform } = host
  return new Promise((resolveStart, rejectStart) => {
    const server = serve(
      {
        fetch: host.app.fetch,
        hostname: config.HOST,
        port: config.PORT,
        serverOptions: { ServerResponse: TrackedResponse },
      },
      (info: AddressInfo) => {
        const shownHost =
          info.address === '::' || info.address === '0.0.0.0' ? 'localhost' : info.address
        const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${info.port}`
        resolveStart({ server, url, shutdown: once(() => drain(connections, host)) })
      },
    ) as Server
    const connections = trackConnections(server)
    server.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT_MS
    server.headersTimeout = config.KEEP_ALIVE_TIMEOUT_MS + 1_000
    server.once('error', rejectStart)
    // After start-up, a server error (EMFILE on accept, for example) is logged, never swallowed.
    server.once('listening', () => {
      server.off('error', rejectStart)
      server.on('error', (error) =>
        platform.logger.error('HTTP server error', { error: String(error) }),
      )
    })
    platform.logger.debug('server starting', { host: config.HOST, port: config.PORT })
  })
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  return () => (running ??= fn())
}

/**
 * The drain, in three steps:
 * 1. For the drain delay the server goes on accepting and serving, but readiness answers 503 and
 *    every answer says `Connection: close`, so the gateway moves its traffic elsewhere while
 *    nothing it sends is refused. Idle keep-alive sockets are left alone: the gateway may be
 *    writing a request on one right now.
 * 2. It stops accepting, and closes the connections that are between requests (by now the
 *    gateway has stopped using them). A connection with a request in flight or arriving is
 *    served, then closed.
 * 3. It waits for those up to `SHUTDOWN_TIMEOUT_MS`, then closes whatever is left, and the
 *    platform.
 */
async function drain(connections: ConnectionDrain, host: Host): Promise<void> {
  const { logger } = host.platform
  const delayMs = shutdownDrainDelayMs(host.config)
  host.lifecycle.shuttingDown = true
  connections.closeAfterEachResponse()
  logger.info('shutting down: readiness says 503', { drainDelayMs: delayMs })
  if (delayMs > 0) await sleep(delayMs)

  logger.info('shutting down: no longer accepting, draining in-flight requests')
  const closed = connections.stopAccepting()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolveDeadline) => {
    timer = setTimeout(() => resolveDeadline('timeout'), host.config.SHUTDOWN_TIMEOUT_MS)
  })
  const outcome = await Promise.race([closed.then(() => 'drained' as const), deadline])
  clearTimeout(timer)
  if (outcome === 'timeout') {
    logger.warn('shutdown deadline reached: closing remaining connections')
    connections.closeAll()
  }
  await host.close()
  logger.info('shutdown complete', { outcome })
}

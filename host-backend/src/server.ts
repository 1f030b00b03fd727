import type { AddressInfo } from 'node:net'
import type { Server } from 'node:http'
import { serve } from '@hono/node-server'
import type { Host } from './app.ts'
import { StratumResponse } from './node-response.ts'

export interface RunningServer {
  readonly server: Server
  readonly url: string
  /** Stops accepting, lets in-flight requests finish (bounded), closes the platform. */
  shutdown(): Promise<void>
}

/**
 * Listens on `HOST:PORT` with a keep-alive timeout above the gateway's upstream keepalive, so
 * nginx never reuses a socket the backend is closing (the cause of intermittent 502s).
 */
export function startServer(host: Host): Promise<RunningServer> {
  const { config, lifecycle, platform } = host
  return new Promise((resolveStart, rejectStart) => {
    const server = serve(
      {
        fetch: (request, env) => {
          if (!lifecycle.shuttingDown) return host.app.fetch(request, env)
          // While draining, ask clients to open their next request elsewhere.
          return Promise.resolve(host.app.fetch(request, env)).then((response) => {
            response.headers.set('Connection', 'close')
            return response
          })
        },
        hostname: config.HOST,
        port: config.PORT,
        serverOptions: { ServerResponse: StratumResponse },
      },
      (info: AddressInfo) => {
        const shownHost =
          info.address === '::' || info.address === '0.0.0.0' ? 'localhost' : info.address
        const url = `http://${shownHost.includes(':') ? `[${shownHost}]` : shownHost}:${info.port}`
        resolveStart({
          server: server as Server,
          url,
          shutdown: once(() => drain(server as Server, host)),
        })
      },
    ) as Server
    server.keepAliveTimeout = config.KEEP_ALIVE_TIMEOUT_MS
    server.headersTimeout = config.KEEP_ALIVE_TIMEOUT_MS + 1_000
    server.once('error', rejectStart)
    platform.logger.debug('server starting', { host: config.HOST, port: config.PORT })
  })
}

function once(fn: () => Promise<void>): () => Promise<void> {
  let running: Promise<void> | undefined
  return () => (running ??= fn())
}

async function drain(server: Server, host: Host): Promise<void> {
  const { logger } = host.platform
  host.lifecycle.shuttingDown = true
  logger.info('shutting down: draining in-flight requests')
  const closed = new Promise<void>((resolveClose) => server.close(() => resolveClose()))
  // Idle keep-alive sockets would hold close() open until they time out.
  const sweeper = setInterval(() => server.closeIdleConnections(), 100)
  server.closeIdleConnections()
  let timer: NodeJS.Timeout | undefined
  const deadline = new Promise<'timeout'>((resolveDeadline) => {
    timer = setTimeout(() => resolveDeadline('timeout'), host.config.SHUTDOWN_TIMEOUT_MS)
  })
  const outcome = await Promise.race([closed.then(() => 'drained' as const), deadline])
  clearInterval(sweeper)
  clearTimeout(timer)
  if (outcome === 'timeout') {
    logger.warn('shutdown deadline reached: closing remaining connections')
    server.closeAllConnections()
  }
  await host.close()
  logger.info('shutdown complete', { outcome })
}

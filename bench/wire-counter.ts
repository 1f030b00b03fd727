import { connect, createServer, type Server, type Socket } from 'node:net'
import { postgresFrontendParser } from './postgres-messages.ts'
import { redisCommandParser } from './redis-commands.ts'

/** Counts of what clients sent through a counting proxy since the last `reset()`. */
export interface WireCounts {
  /** Statements (PostgreSQL) or commands (Redis). */
  total: number
  /** PostgreSQL only: simple queries plus Syncs, each one wait for the server. */
  roundTrips: number
  /** Count per statement text (first 80 characters, spaces collapsed) or command name. */
  byKind: Map<string, number>
}

/** A TCP proxy on 127.0.0.1 that forwards to `upstreamPort` and counts protocol messages. */
export interface WireCounter {
  port: number
  counts: WireCounts
  reset(): void
  close(): Promise<void>
}

const emptyCounts = (): WireCounts => ({ total: 0, roundTrips: 0, byKind: new Map() })

/**
 * Starts a counting proxy for PostgreSQL or Redis. Only the client-to-server direction is parsed;
 * answers pass through untouched.
 */
export const startWireCounter = async (
  protocol: 'postgres' | 'redis',
  upstreamPort: number,
): Promise<WireCounter> => {
  let counts = emptyCounts()
  const count = (kind: string) => {
    counts.total++
    counts.byKind.set(kind, (counts.byKind.get(kind) ?? 0) + 1)
  }
  const sockets = new Set<Socket>()
  const server: Server = createServer((client) => {
    const upstream = connect(upstreamPort, '127.0.0.1')
    for (const socket of [client, upstream]) {
      sockets.add(socket)
      socket.on('close', () => sockets.delete(socket))
    }
    const parse =
      protocol === 'postgres'
        ? postgresFrontendParser({
            statement: (sql) => count(sql.replace(/\s+/g, ' ').trim().slice(0, 80)),
            roundTrip: () => void counts.roundTrips++,
          })
        : redisCommandParser(count)
    client.on('data', (chunk: Buffer) => {
      parse(chunk)
      upstream.write(chunk)
    })
    upstream.pipe(client)
    client.on('end', () => upstream.end())
    const drop = () => {
      client.destroy()
      upstream.destroy()
    }
    client.on('error', drop)
    upstream.on('error', drop)
    upstream.on('close', drop)
  })
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok))
  const address = server.address()
  if (!address || typeof address === 'string') throw new Error('counting proxy has no port')
  return {
    port: address.port,
    get counts() {
      return counts
    },
    reset: () => void (counts = emptyCounts()),
    close: () =>
      new Promise<void>((ok) => {
        server.close(() => ok())
        // Pooled connections stay open; the server closes only once they are gone.
        for (const socket of sockets) socket.destroy()
      }),
  }
}

import type { Pool } from 'pg'
import type { Logger } from 'winston'

/**
 * Gives every client of `pool` an `'error'` listener from the moment it connects, so a connection
 * lost while checked out is logged instead of crashing the process.
 *
 * `pool.on('error')` hears idle clients only; a checked-out client whose backend dies (57P01,
 * ECONNRESET, "Connection terminated unexpectedly") emits `'error'` on itself. The query it was
 * running rejects with the same failure, and the pool drops the client when it comes back, so
 * nothing else is needed for the pool to heal.
 * @param label names the pool in the log line. @default 'PostgreSQL'
 */
export function listenForConnectionErrors(pool: Pool, logger: Logger, label = 'PostgreSQL'): void {
  pool.on('connect', (client) => {
    // A dying connection reports twice (the server's FATAL, then the socket's end): log it once.
    let reported = false
    client.on('error', (error: Error & { code?: string }) => {
      if (reported) return
      reported = true
      logger.error(`${label} connection lost: ${error.message}`, { code: error.code })
    })
  })
  // The idle client's own listener above has logged it already; this one keeps pg-pool's re-emit
  // from being an unhandled 'error' event.
  pool.on('error', (error) => logger.debug(`${label} idle connection removed: ${error.message}`))
}

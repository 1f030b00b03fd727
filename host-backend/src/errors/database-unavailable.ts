/**
 * SQLSTATEs that mean the session is gone or cannot be had, not that the statement was wrong:
 * class 08 (connection exception), 57P01–57P03 (admin shutdown, crash shutdown, cannot connect
 * now) and 53300 (too many connections).
 */
const CONNECTION_SQLSTATE = /^(?:08[0-9A-Z]{3}|57P0[123]|53300)$/

/**
 * Socket failures. Only pg lets them reach the error handler raw: the cache store wraps its own in
 * `CacheUnavailableError`, nodemailer in its `ESOCKET`/`ECONNECTION` errors.
 */
const SOCKET_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'EHOSTUNREACH'])

/** Messages pg and pg-pool use for a lost or unobtainable connection. */
const POOL_MESSAGES = [
  /^Connection terminated/, // "…unexpectedly", "…due to connection timeout"
  /^Client has encountered a connection error and is not queryable$/,
  /^timeout exceeded when trying to connect$/,
]

function isConnectionFailure(error: object): boolean {
  const code = (error as { code?: unknown }).code
  if (typeof code === 'string' && (CONNECTION_SQLSTATE.test(code) || SOCKET_CODES.has(code)))
    return true
  const message = (error as { message?: unknown }).message
  return typeof message === 'string' && POOL_MESSAGES.some((pattern) => pattern.test(message))
}

/**
 * True when `error` (or one of its causes) says the database connection was lost or could not be
 * opened: the request may succeed if retried, so it deserves a 503, not a 500.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  let current: unknown = error
  // Bounded: a cause chain can be cyclic.
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if (isConnectionFailure(current)) return true
    current = (current as { cause?: unknown }).cause
  }
  return false
}

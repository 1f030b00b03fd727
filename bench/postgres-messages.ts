/** What a PostgreSQL client sent, as the frontend protocol (v3) frames it. */
export interface PostgresTally {
  /** A statement ran: one simple query ('Q') or one Execute ('E'), with its SQL. */
  statement(sql: string): void
  /** A round trip ended: a simple query or a Sync ('S') waits for the server's answer. */
  roundTrip(): void
}

const PROTOCOL_3 = 196_608
const cString = (body: Buffer, from: number) => {
  const end = body.indexOf(0, from)
  return { text: body.toString('utf8', from, end), next: end + 1 }
}

/**
 * Reads one connection's client-to-server bytes and reports each statement. Startup packets carry
 * no type byte; every message after the StartupMessage is a type byte and a length. An Execute
 * names a portal, a Bind ties the portal to a statement, and a Parse gives the statement its SQL.
 * Assumes no TLS (the bench connects in plain text).
 */
export const postgresFrontendParser = (tally: PostgresTally) => {
  let pending: Buffer = Buffer.alloc(0)
  let started = false
  const statements = new Map<string, string>()
  const portals = new Map<string, string>()
  const handle = (type: string, body: Buffer) => {
    if (type === 'Q') {
      tally.statement(cString(body, 0).text)
      tally.roundTrip()
    } else if (type === 'P') {
      const name = cString(body, 0)
      statements.set(name.text, cString(body, name.next).text)
    } else if (type === 'B') {
      const portal = cString(body, 0)
      portals.set(portal.text, statements.get(cString(body, portal.next).text) ?? '?')
    } else if (type === 'E') {
      tally.statement(portals.get(cString(body, 0).text) ?? '?')
    } else if (type === 'S') {
      tally.roundTrip()
    }
  }
  return (chunk: Buffer) => {
    pending = pending.length ? Buffer.concat([pending, chunk]) : chunk
    let offset = 0
    for (;;) {
      if (!started) {
        // SSLRequest, GSSENCRequest and CancelRequest are untyped too; only protocol 3 starts.
        if (pending.length - offset < 8) break
        const length = pending.readInt32BE(offset)
        if (pending.length - offset < length) break
        started = pending.readInt32BE(offset + 4) === PROTOCOL_3
        offset += length
      } else {
        if (pending.length - offset < 5) break
        const length = pending.readInt32BE(offset + 1)
        if (pending.length - offset < 1 + length) break
        handle(
          String.fromCharCode(pending[offset]!),
          pending.subarray(offset + 5, offset + 1 + length),
        )
        offset += 1 + length
      }
    }
    pending = pending.subarray(offset)
  }
}

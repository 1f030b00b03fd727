import { randomUUID } from 'node:crypto'
import type { Context, MiddlewareHandler } from 'hono'
import { hasNodeResponse, requestHeader, setResponseHeader } from './fast-header.ts'

/** Incoming ids are kept only when they are short and made of safe characters. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

export interface RequestContextOptions {
  /** Proxy addresses whose `X-Forwarded-For` is believed. @default [] */
  trustedProxies?: readonly string[]
}

const normalise = (address: string) => (address.startsWith('::ffff:') ? address.slice(7) : address)

interface SocketBindings {
  incoming?: { socket?: { remoteAddress?: string } }
}

/**
 * Step 1 of the stack: keeps a sane `X-Request-ID` or generates one, echoes it on every response
 * (errors included), and resolves the client IP, trusting forwarding headers only from proxies.
 */
export function requestContext(options: RequestContextOptions = {}): MiddlewareHandler {
  const trusted = new Set((options.trustedProxies ?? []).map(normalise))
  return function requestContextMiddleware(c, next) {
    const incoming = requestHeader(c, 'x-request-id')
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
    c.set('requestId', requestId)
    const { ip, viaProxy } = clientIp(c, trusted)
    c.set('clientIp', ip)
    c.set(
      'secure',
      c.req.url.startsWith('https:') ||
        (viaProxy && requestHeader(c, 'x-forwarded-proto') === 'https'),
    )
    if (hasNodeResponse(c)) {
      setResponseHeader(c, 'X-Request-ID', requestId)
      return next()
    }
    c.header('X-Request-ID', requestId)
    return next().then(() => c.res.headers.set('X-Request-ID', requestId))
  }
}

function clientIp(c: Context, trusted: ReadonlySet<string>): { ip: string; viaProxy: boolean } {
  // In-process requests (app.request() in tests) have no socket.
  const remote = normalise(
    (c.env as SocketBindings | undefined)?.incoming?.socket?.remoteAddress ?? 'unknown',
  )
  if (!trusted.has(remote)) return { ip: remote, viaProxy: false }
  const hops = (requestHeader(c, 'x-forwarded-for') ?? '')
    .split(',')
    .map((s) => normalise(s.trim()))
  // The right-most address that is not one of our proxies is the client.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (hop && !trusted.has(hop)) return { ip: hop, viaProxy: true }
  }
  return { ip: remote, viaProxy: true }
}

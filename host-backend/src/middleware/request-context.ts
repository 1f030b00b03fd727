import { randomUUID } from 'node:crypto'
import { BlockList, isIP } from 'node:net'
import type { Context, MiddlewareHandler } from 'hono'
import { hasNodeResponse, requestHeader, setResponseHeader } from './fast-header.ts'

/** Incoming ids are kept only when they are short and made of safe characters. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

export interface RequestContextOptions {
  /**
   * Proxies whose `X-Forwarded-For` is believed: exact addresses or CIDR ranges (`10.0.0.0/8`,
   * `fd00::/8`), since a gateway's pod address changes on Kubernetes. @default []
   */
  trustedProxies?: readonly string[]
}

const normalise = (address: string) => (address.startsWith('::ffff:') ? address.slice(7) : address)

/** Which peers are proxies; a value that is not an address (`unknown`) never is. */
interface TrustedProxies {
  has(address: string): boolean
}

/**
 * A matcher for exact addresses and CIDR ranges (node's `BlockList`). Throws on an entry that is
 * neither, so a typo in `TRUSTED_PROXIES` stops the start instead of trusting nobody quietly.
 */
export function trustedProxyList(entries: readonly string[]): TrustedProxies {
  const list = new BlockList()
  for (const raw of entries) {
    const entry = normalise(raw.trim())
    const [address = '', prefix] = entry.split('/')
    const family = isIP(address)
    const bits = prefix === undefined ? undefined : Number(prefix)
    if (
      family === 0 ||
      (bits !== undefined &&
        !(Number.isInteger(bits) && bits >= 0 && bits <= (family === 4 ? 32 : 128)))
    ) {
      throw new Error(`'${raw}' in TRUSTED_PROXIES is not an IP address or CIDR range.`)
    }
    const type = family === 4 ? 'ipv4' : 'ipv6'
    if (bits === undefined) list.addAddress(address, type)
    else list.addSubnet(address, bits, type)
  }
  if (entries.length === 0) return { has: () => false }
  // `BlockList.check` builds a SocketAddress per call: a few per cent of a small request's CPU.
  // Peers repeat (the gateway, a client's keep-alive), so answers are remembered, a bounded few.
  const known = new Map<string, boolean>()
  return {
    has(address) {
      let answer = known.get(address)
      if (answer === undefined) {
        const family = isIP(address)
        answer = family !== 0 && list.check(address, family === 4 ? 'ipv4' : 'ipv6')
        if (known.size >= 1024) known.clear()
        known.set(address, answer)
      }
      return answer
    },
  }
}

interface SocketBindings {
  incoming?: { socket?: { remoteAddress?: string } }
}

/**
 * Step 1 of the stack: keeps a sane `X-Request-ID` or generates one, echoes it on every response
 * (errors included), and resolves the client IP, trusting forwarding headers only from proxies.
 */
export function requestContext(options: RequestContextOptions = {}): MiddlewareHandler {
  const trusted = trustedProxyList(options.trustedProxies ?? [])
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

function clientIp(c: Context, trusted: TrustedProxies): { ip: string; viaProxy: boolean } {
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

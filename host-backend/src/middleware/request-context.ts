import { randomUUID } from 'node:crypto'
import { getConnInfo } from '@hono/node-server/conninfo'
import type { MiddlewareHandler } from 'hono'
import { hasNodeResponse } from './fast-header.ts'

/** Incoming ids are kept only when they are short and made of safe characters. */
const SANE_REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/

export interface RequestContextOptions {
  /** Proxy addresses whose `X-Forwarded-For` is believed. @default [] */
  trustedProxies?: readonly string[]
}

const normalise = (address: string) => address.replace(/^::ffff:/, '')

/**
 * Step 1 of the stack: keeps a sane `X-Request-ID` or generates one, echoes it on every response
 * (errors included), and resolves the client IP, trusting forwarding headers only from proxies.
 */
export function requestContext(options: RequestContextOptions = {}): MiddlewareHandler {
  const trusted = new Set((options.trustedProxies ?? []).map(normalise))
  return async function requestContextMiddleware(c, next) {
    const incoming = c.req.header('x-request-id')
    const requestId = incoming && SANE_REQUEST_ID.test(incoming) ? incoming : randomUUID()
    c.set('requestId', requestId)
    const { ip, viaProxy } = clientIp(c, trusted)
    c.set('clientIp', ip)
    c.set('secure', c.req.url.startsWith('https:') || (viaProxy && c.req.header('x-forwarded-proto') === 'https'))
    if (hasNodeResponse(c)) {
      ;(c.env as { outgoing: { setHeader(n: string, v: string): unknown } }).outgoing.setHeader('X-Request-ID', requestId)
      return next()
    }
    c.header('X-Request-ID', requestId)
    await next()
    c.res.headers.set('X-Request-ID', requestId)
  }
}

function clientIp(c: Parameters<MiddlewareHandler>[0], trusted: ReadonlySet<string>): { ip: string; viaProxy: boolean } {
  let remote = 'unknown'
  try {
    remote = normalise(getConnInfo(c).remote.address ?? 'unknown')
  } catch {
    // app.request() in tests has no socket.
  }
  if (!trusted.has(remote)) return { ip: remote, viaProxy: false }
  const hops = (c.req.header('x-forwarded-for') ?? '').split(',').map((s) => normalise(s.trim()))
  // The right-most address that is not one of our proxies is the client.
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (hop && !trusted.has(hop)) return { ip: hop, viaProxy: true }
  }
  return { ip: remote, viaProxy: true }
}

import type { MiddlewareHandler } from 'hono'
import { fixResponseHeaders } from './fast-header.ts'

/** The page policy: same-origin files only, no inline scripts or styles anywhere. */
const DOCUMENT_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ')

type HeaderList = ReadonlyArray<readonly [string, string]>

/**
 * Pages and the files they load (the SPA, the API docs page): the set Hono's `secureHeaders`
 * sends, tightened.
 */
export const DOCUMENT_HEADERS: HeaderList = [
  ['Content-Security-Policy', DOCUMENT_CSP],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Referrer-Policy', 'strict-origin-when-cross-origin'],
  ['Permissions-Policy', 'camera=(), microphone=(), geolocation=()'],
  ['Cross-Origin-Opener-Policy', 'same-origin'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Origin-Agent-Cluster', '?1'],
  ['X-DNS-Prefetch-Control', 'off'],
  ['X-Permitted-Cross-Domain-Policies', 'none'],
  ['X-XSS-Protection', '0'],
]

/**
 * JSON answers under `/api` and `/health`: the set of OWASP's REST Security Cheat Sheet. The
 * other document headers steer what a browser does while showing a page (referrers, features,
 * window openers, DNS prefetch), which a JSON body never is. `no-store` keeps tenant data out
 * of every cache; a route that wants caching sets its own `Cache-Control`, which wins.
 */
export const API_HEADERS: HeaderList = [
  ['Content-Security-Policy', "default-src 'none'; frame-ancestors 'none'"],
  ['X-Content-Type-Options', 'nosniff'],
  ['X-Frame-Options', 'DENY'],
  ['Cross-Origin-Resource-Policy', 'same-origin'],
  ['Cache-Control', 'no-store'],
]

/** Hono's default is 180 days; ASVS asks for at least a year. */
export const HSTS: readonly [string, string] = [
  'Strict-Transport-Security',
  'max-age=31536000; includeSubDomains',
]

const API_FLAT = API_HEADERS.flat()
const DOCUMENT_FLAT = DOCUMENT_HEADERS.flat()

/**
 * True for JSON answers: `/api/…` and `/health…`. `/api/docs` and its assets are a page,
 * whatever their prefix.
 */
export const isApiPath = (path: string): boolean =>
  path.startsWith('/api/')
    ? !path.startsWith('/api/docs')
    : path === '/api' || path.startsWith('/health')

/**
 * Step 2: security headers: {@link API_HEADERS} on the API, {@link DOCUMENT_HEADERS} on
 * everything else, and HSTS on requests that came over https (RFC 6797 §7.2: never over plain
 * http). Under the Node server they are set once on Node's response before the handler runs
 * (Node merges them into `writeHead`, and a handler's own value wins); in-process requests get
 * them on the finished response where the handler did not set them.
 */
export function securityHeaders(): MiddlewareHandler {
  return function securityHeadersMiddleware(c, next) {
    const api = isApiPath(c.req.path)
    const secure = c.get('secure') === true
    if (fixResponseHeaders(c, api ? API_FLAT : DOCUMENT_FLAT)) {
      if (secure) fixResponseHeaders(c, HSTS)
      return next()
    }
    return next().then(() => {
      const target = c.res.headers
      for (const [name, value] of api ? API_HEADERS : DOCUMENT_HEADERS)
        if (!target.has(name)) target.set(name, value)
      if (secure) target.set(HSTS[0], HSTS[1])
    })
  }
}

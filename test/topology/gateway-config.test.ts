import { readFileSync } from 'node:fs'
import { platformConfigSchema } from '@stratum/layer-core/server'
import { describe, expect, it } from 'vitest'
import { PROD_CONFIG, renderGatewayConfig } from '../../scripts/lib/stack-gateway.mjs'

const shipped = readFileSync(PROD_CONFIG, 'utf8')
const block = (text: string, opening: RegExp) => {
  const start = text.search(opening)
  expect(start, String(opening)).toBeGreaterThan(-1)
  return text.slice(start, text.indexOf('\n  }', start))
}
const seconds = (value: string | undefined) => Number(/^(\d+)s$/.exec(value ?? '')?.[1])

/** What the topology tests cannot wait for (a 60 s idle socket) or should not depend on. */
describe('gateway/nginx.prod.conf', () => {
  it('closes idle upstream connections before the backend does (its keep-alive timeout, 65 s)', () => {
    const upstream = block(shipped, /upstream backend \{/)
    const timeout = seconds(/keepalive_timeout (\S+);/.exec(upstream)?.[1])
    expect(upstream).toMatch(/\n\s*keepalive \d+;/)
    expect(timeout).toBeGreaterThan(0)
    expect(timeout * 1000).toBeLessThan(platformConfigSchema.parse({}).KEEP_ALIVE_TIMEOUT_MS)
  })

  it('moves idempotent requests only: no `non_idempotent` in proxy_next_upstream', () => {
    const rule = /\n\s*proxy_next_upstream ([^;]+);/.exec(shipped)?.[1]?.split(/\s+/)
    expect(rule).toEqual(['error', 'timeout', 'http_502', 'http_503'])
  })

  const zone = (name: string) => {
    const found = new RegExp(`limit_req_zone (\\S+) zone=${name}:\\S+ rate=(\\d+)r/s;`).exec(
      shipped,
    )
    return { key: found?.[1], rate: Number(found?.[2]) }
  }
  /** `zone burst` of each limit_req in one location (its block ends at the first `    }`). */
  const limits = (location: RegExp) =>
    [
      ...block(shipped, location)
        .split('\n    }')[0]!
        .matchAll(/limit_req zone=(\w+) burst=(\d+) nodelay;/g),
    ].map(([, name, burst]) => `${name} ${burst}`)

  it('limits /api/ per session (token, else address) under a generous per-address ceiling', () => {
    expect(zone('api_session').key).toBe('$limit_session_key')
    expect(zone('api_address').key).toBe('$binary_remote_addr')
    expect(zone('api_address').rate).toBeGreaterThan(zone('api_session').rate)
    // The session key: the Bearer header, else the access cookie (either name), else the address.
    const bearer = block(shipped, /map \$http_authorization \$limit_session_key \{/)
    expect(bearer).toMatch(/"~\^Bearer\\s\+/)
    expect(bearer).toMatch(/default \$limit_cookie_key;/)
    const cookie = block(shipped, /map \$http_cookie \$limit_cookie_key \{/)
    expect(cookie).toContain('(?:__Host-)?stratum_at=')
    expect(cookie).toMatch(/default \$binary_remote_addr;/)
    expect(limits(/location \^~ \/api\/ \{/)).toEqual(['api_session 50', 'api_address 400'])
  })

  it('keeps sign-in strict and per address, whatever the request carries', () => {
    expect(zone('auth').key).toBe('$binary_remote_addr')
    expect(zone('auth').rate).toBeLessThan(zone('api_session').rate)
    for (const path of ['request-otp', 'verify-otp', 'refresh']) {
      expect(limits(new RegExp(`location = /api/auth/${path} \\{`)), path).toEqual([
        'auth 10',
        'api_address 400',
      ])
    }
  })

  it("keeps the backend's Prometheus metrics (GET /metrics) off the public gateway", () => {
    for (const config of [shipped, readFileSync(PROD_CONFIG.replace('prod', 'dev'), 'utf8')])
      expect(block(config, /location = \/metrics \{/)).toMatch(/return 404;/)
  })

  it('allows the backend its per-address limit: the gateway ceiling is not below RATE_LIMIT_IP_MAX', () => {
    const defaults = platformConfigSchema.parse({})
    const backendPerSecond = defaults.RATE_LIMIT_IP_MAX / (defaults.RATE_LIMIT_WINDOW_MS / 1000)
    expect(zone('api_address').rate).toBeGreaterThanOrEqual(backendPerSecond)
  })
})

describe('renderGatewayConfig (scripts/lib/stack-gateway.mjs)', () => {
  const rendered = renderGatewayConfig(shipped, {
    stateDir: '/state',
    htmlDir: '/state/html',
    httpsPort: 8443,
    httpPort: 8080,
    backendPorts: [3001, 3002],
    certFile: '/state/tls/cert.pem',
    keyFile: '/state/tls/key.pem',
  })

  it('changes only addresses, paths and the TLS listener; the rest is the shipped file', () => {
    const lines = (text: string) => text.split('\n').map((line) => line.trim())
    const before = new Set(lines(shipped))
    const after = new Set(lines(rendered))
    const removed = [...before].filter((line) => !after.has(line))
    const added = [...after].filter((line) => !before.has(line))
    expect(removed).toEqual([
      'pid /tmp/nginx.pid;',
      'client_body_temp_path /tmp/nginx-client-body;',
      'proxy_temp_path /tmp/nginx-proxy;',
      'fastcgi_temp_path /tmp/nginx-fastcgi;',
      'uwsgi_temp_path /tmp/nginx-uwsgi;',
      'scgi_temp_path /tmp/nginx-scgi;',
      'server backend:3000 max_fails=3 fail_timeout=10s;',
      'listen 8080 default_server;',
      'listen [::]:8080 default_server;',
      'root /usr/share/nginx/html;',
    ])
    expect(added).toEqual([
      'pid /state/nginx.pid;',
      'client_body_temp_path /state/nginx-client-body;',
      'proxy_temp_path /state/nginx-proxy;',
      'fastcgi_temp_path /state/nginx-fastcgi;',
      'uwsgi_temp_path /state/nginx-uwsgi;',
      'scgi_temp_path /state/nginx-scgi;',
      'server 127.0.0.1:3001 max_fails=3 fail_timeout=10s;',
      'server 127.0.0.1:3002 max_fails=3 fail_timeout=10s;',
      'listen 127.0.0.1:8443 ssl http2 default_server;',
      'ssl_certificate /state/tls/cert.pem;',
      'ssl_certificate_key /state/tls/key.pem;',
      'root /state/html;',
      '# Added by the local stack: plain http only redirects to https.',
      'listen 127.0.0.1:8080 default_server;',
      'return 301 https://$host:8443$request_uri;',
    ])
  })

  it('fails with a sentence when the shipped file no longer has a line it replaces', () => {
    expect(() =>
      renderGatewayConfig(shipped.replace('listen 8080 default_server;', 'listen 9000;'), {
        stateDir: '/s',
        htmlDir: '/s/h',
        httpsPort: 1,
        httpPort: 2,
        backendPorts: [3],
        certFile: 'c',
        keyFile: 'k',
      }),
    ).toThrow(/no longer has the `listen 8080 default_server;` line/)
  })
})

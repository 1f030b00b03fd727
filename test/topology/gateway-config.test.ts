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

  it('limits /api/auth/ more strictly than the rest of /api/', () => {
    const rate = (zone: string) =>
      Number(new RegExp(`zone=${zone}:\\S+ rate=(\\d+)r/s;`).exec(shipped)?.[1])
    expect(rate('auth')).toBeLessThan(rate('api'))
    expect(block(shipped, /location \^~ \/api\/auth\/ \{/)).toMatch(/limit_req zone=auth /)
    expect(block(shipped, /location \^~ \/api\/ \{/)).toMatch(/limit_req zone=api /)
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

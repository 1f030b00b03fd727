import { createServer, type Server } from 'node:http'
import type { AddressInfo } from 'node:net'
import { getRequestListener } from '@hono/node-server'
import { Hono } from 'hono'
import { afterEach, describe, expect, it } from 'vitest'
import { requestContext, trustedProxyList } from './request-context.ts'

describe('trustedProxyList', () => {
  it('matches exact addresses and CIDR ranges of both families, and nothing else', () => {
    const list = trustedProxyList(['172.28.0.10', '10.0.0.0/8', 'fd00::/8', '::ffff:192.168.1.1'])
    expect(list.has('172.28.0.10')).toBe(true)
    expect(list.has('172.28.0.11')).toBe(false)
    expect(list.has('10.244.3.17')).toBe(true)
    expect(list.has('11.0.0.1')).toBe(false)
    expect(list.has('fd12:3456::1')).toBe(true)
    expect(list.has('fe80::1')).toBe(false)
    expect(list.has('192.168.1.1')).toBe(true)
    expect(list.has('unknown')).toBe(false)
  })

  it('gives the same answers when asked again, past the bound of remembered peers', () => {
    const list = trustedProxyList(['10.0.0.0/8'])
    const peers = Array.from(
      { length: 3000 },
      (_, i) => `${i % 2 ? 10 : 11}.0.${i >> 8}.${i & 255}`,
    )
    for (let pass = 0; pass < 2; pass++)
      for (const [i, peer] of peers.entries()) expect(list.has(peer), peer).toBe(i % 2 === 1)
    expect(trustedProxyList([]).has('10.0.0.1')).toBe(false)
  })

  it('refuses an entry that is neither an address nor a range, naming it', () => {
    expect(() => trustedProxyList(['10.0.0.0/33'])).toThrow("'10.0.0.0/33' in TRUSTED_PROXIES")
    expect(() => trustedProxyList(['gateway'])).toThrow("'gateway' in TRUSTED_PROXIES")
  })
})

describe('requestContext behind a proxy range', () => {
  let server: Server | undefined
  afterEach(() => new Promise<void>((done) => (server ? server.close(() => done()) : done())))

  const serve = async (trustedProxies: string[]) => {
    const app = new Hono()
    app.use(requestContext({ trustedProxies }))
    app.get('/ip', (c) => c.json({ ip: c.get('clientIp') }))
    server = createServer(getRequestListener(app.fetch))
    await new Promise<void>((done) => server!.listen(0, '127.0.0.1', done))
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/ip`
  }

  it('believes X-Forwarded-For from a peer inside a trusted range', async () => {
    const url = await serve(['127.0.0.0/8'])
    const res = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.9, 127.0.0.5' } })
    expect(await res.json()).toEqual({ ip: '203.0.113.9' })
  })

  it('ignores X-Forwarded-For from a peer outside every range', async () => {
    const url = await serve(['10.0.0.0/8'])
    const res = await fetch(url, { headers: { 'x-forwarded-for': '203.0.113.9' } })
    expect(await res.json()).toEqual({ ip: '127.0.0.1' })
  })
})

describe('TRUSTED_PROXIES in the platform configuration', () => {
  it('takes addresses and ranges, and stops the start on anything else', async () => {
    const { loadPlatformConfig, ConfigError } = await import('../load-platform-config.ts')
    const config = loadPlatformConfig({ TRUSTED_PROXIES: '172.28.0.10, 10.0.0.0/8,fd00::/8' })
    expect(config.TRUSTED_PROXIES).toEqual(['172.28.0.10', '10.0.0.0/8', 'fd00::/8'])
    expect(() => loadPlatformConfig({ TRUSTED_PROXIES: '10.0.0.0/40' })).toThrow(ConfigError)
    expect(() => loadPlatformConfig({ TRUSTED_PROXIES: 'gateway' })).toThrow(/TRUSTED_PROXIES/)
  })
})

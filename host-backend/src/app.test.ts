import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { defineServerLayer, serviceRef, type ServiceId } from '@stratum/layer-core/server'
import { createHost } from './app.ts'
import {
  createTestHost,
  TEST_TARGETS,
  testConfig,
  type TestHost,
} from '../test/support/test-host.ts'
import { fixtureLayersConfig, fixtureServerLayer } from '../test/fixtures/fixture-layer.ts'

describe.each(TEST_TARGETS)('host on %s', (target) => {
  let t: TestHost
  beforeAll(async () => {
    t = await createTestHost({
      target,
      layersConfig: fixtureLayersConfig,
      extraLayers: [fixtureServerLayer],
      env: { CORS_ORIGINS: 'https://app.example.com' },
    })
  })
  afterAll(() => t?.close())

  it('publishes the resolved layers in order', async () => {
    const res = await t.request('/api/core/layers')
    expect(res.status).toBe(200)
    expect(await res.json()).toEqual({
      layers: [
        { id: 'core', version: '0.1.0', priority: 0, dependsOn: [], prefix: null, enabled: true },
        {
          id: 'fixture',
          version: '0.0.1',
          priority: 100,
          dependsOn: ['core'],
          prefix: '/api/fixture',
          enabled: true,
        },
      ],
      features: ['dev-mailbox'],
      locales: [
        { code: 'pt-BR', name: 'Portuguese (Brazil)', nativeName: 'Português (Brasil)' },
        { code: 'en-US', name: 'English (US)', nativeName: 'English (US)' },
        { code: 'es-ES', name: 'Spanish (Spain)', nativeName: 'Español (España)' },
      ],
      tenantId: null,
    })
    const info = (await (await t.request('/api/core/info')).json()) as { layers: string[] }
    expect(info.layers).toEqual(['core', 'fixture'])
  })

  it('names the theme of the subdomain, and the default, before sign-in', async () => {
    const themed = await (
      await t.request('http://base.localhost/api/core/theme', {
        headers: { host: 'base.localhost:8080' },
      })
    ).json()
    expect(themed).toMatchObject({ subdomain: 'base', default: 'base' })
    const bare = await (
      await t.request('/api/core/theme', { headers: { host: 'localhost:8080' } })
    ).json()
    expect(bare).toMatchObject({ subdomain: null, default: 'base' })
    const unknown = await (
      await t.request('/api/core/theme', { headers: { host: 'nobody.example.com' } })
    ).json()
    expect(unknown).toMatchObject({ subdomain: null, default: 'base' })
    expect((bare as { available: string[] }).available).toContain('base')
  })

  it('answers liveness and readiness', async () => {
    expect(await (await t.request('/health')).json()).toEqual({ status: 'ok' })
    const ready = await t.request('/health/ready')
    expect(ready.status).toBe(200)
    expect(await ready.json()).toEqual({ status: 'ready', checks: { database: 'up', cache: 'up' } })
  })

  it('sends security headers: a strict CSP everywhere, one-year HSTS over https', async () => {
    const api = await t.request('/health')
    expect(api.headers.get('content-security-policy')).toBe(
      "default-src 'none'; frame-ancestors 'none'",
    )
    expect(api.headers.get('x-content-type-options')).toBe('nosniff')
    expect(api.headers.get('strict-transport-security')).toBeNull()
    const page = await t.request('https://stratum.localhost/api/docs')
    expect(page.headers.get('strict-transport-security')).toBe(
      'max-age=31536000; includeSubDomains',
    )
    const csp = page.headers.get('content-security-policy') ?? ''
    expect(csp).toContain("default-src 'self'")
    expect(csp).toContain("script-src 'self'")
    expect(csp).toContain("frame-ancestors 'none'")
  })

  it('allows CORS only for origins in the allow-list', async () => {
    const allowed = await t.request('/api/core/info', {
      headers: { origin: 'https://app.example.com' },
    })
    expect(allowed.headers.get('access-control-allow-origin')).toBe('https://app.example.com')
    expect(allowed.headers.get('access-control-allow-credentials')).toBe('true')
    const denied = await t.request('/api/core/info', {
      headers: { origin: 'https://evil.example.net' },
    })
    expect(denied.headers.get('access-control-allow-origin')).toBeNull()
  })

  it('generates an OpenAPI 3.1 document listing every mounted route', async () => {
    const res = await t.request('/api/openapi.json')
    expect(res.status).toBe(200)
    const doc = (await res.json()) as {
      openapi: string
      info: { title: string }
      paths: Record<string, Record<string, unknown>>
    }
    expect(doc.openapi).toBe('3.1.0')
    expect(doc.info.title).toBe('Stratum API')
    const documented = new Set(
      Object.entries(doc.paths).flatMap(([path, ops]) =>
        Object.keys(ops).map((m) => `${m.toUpperCase()} ${path}`),
      ),
    )
    const mounted = t.host.app.routes
      .filter((r) => r.method !== 'ALL' && r.path !== '/api/docs/assets/:file')
      .map((r) => `${r.method} ${r.path.replace(/:(\w+)(\{[^}]*\})?/g, '{$1}')}`)
    expect(mounted.length).toBeGreaterThanOrEqual(9)
    expect(mounted.filter((route) => !documented.has(route))).toEqual([])
    expect(documented.has('POST /api/fixture/echo')).toBe(true)
  })

  it('serves the interactive docs page and its assets from this origin', async () => {
    const page = await t.request('/api/docs')
    expect(page.status).toBe(200)
    const html = await page.text()
    expect(html).toContain('/api/docs/assets/swagger-ui-bundle.js')
    expect(html).not.toMatch(/<script>[^<]/)
    const bundle = await t.request('/api/docs/assets/swagger-ui-bundle.js')
    expect(bundle.status).toBe(200)
    expect(bundle.headers.get('content-type')).toMatch(/javascript/)
  })

  it('writes through the runtime database', async () => {
    const res = await t.request('/api/fixture/notes', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ text: 'hello' }),
    })
    expect(res.status).toBe(200)
    const rows = await t.host.platform.database.db.selectFrom('fixture_notes').selectAll().execute()
    expect(rows.map((r) => r.text)).toEqual(['hello'])
  })
})

describe('start-up', () => {
  it('refuses to start with core disabled, with the registry sentence', async () => {
    await expect(
      createHost({
        config: testConfig(),
        layersConfig: { layers: [{ name: 'core', enabled: false }] },
      }),
    ).rejects.toThrow(
      "Layer 'core' is disabled in layers.config.ts, and every Stratum app needs it.",
    )
  })

  it('names a missing service and the layer that needs it', async () => {
    const needy = {
      ...fixtureServerLayer,
      deps: { missing: serviceRef('nobody.provides' as ServiceId) },
    }
    const t = createTestHost({
      target: 'embedded',
      layersConfig: fixtureLayersConfig,
      extraLayers: [needy],
    })
    await expect(t).rejects.toThrow(
      "Layer 'fixture' needs the service 'nobody.provides', which no enabled layer provides.",
    )
  })

  it('hands a layer its typed deps, and undefined for a missing optional one', async () => {
    const seen: Record<string, unknown> = {}
    const curious = defineServerLayer({
      ...fixtureServerLayer,
      deps: {
        themes: serviceRef('core.themes'),
        absent: serviceRef('nobody.provides' as ServiceId, { optional: true }),
      },
      init: (ctx, deps) => {
        seen.themes = deps.themes.defaultTheme().name
        seen.absent = deps.absent
        seen.hasAbsent = 'absent' in deps
        return fixtureServerLayer.init(ctx, {})
      },
    })
    const t = await createTestHost({
      target: 'embedded',
      layersConfig: fixtureLayersConfig,
      extraLayers: [curious],
    })
    await t.close()
    expect(seen).toEqual({ themes: 'base', absent: undefined, hasAbsent: true })
  })
})

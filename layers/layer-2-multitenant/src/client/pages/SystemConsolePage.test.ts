import {
  apiClientKey,
  createApiClient,
  installLayerMessages,
  useLayersStore,
} from '@stratum/layer-core/client'
import { coreTestPlugins } from '@stratum/layer-core/client/testing/core-test-plugins.ts'
import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import type { AdminLayer } from '../api/layer-switches-api.ts'
import { enUS } from '../messages/en-US.ts'
import SystemConsolePage from './SystemConsolePage.vue'

const layer = (id: string, number: number, extra: Partial<AdminLayer> = {}): AdminLayer => ({
  id,
  number,
  version: '1.2.0',
  priority: number * 10,
  dependsOn: number === 0 ? [] : ['core'],
  optionalDependsOn: [],
  prefix: number === 0 ? null : `/api/${id}`,
  platform: number < 3,
  perTenant: number >= 3,
  migrations: { applied: 4, pending: 0, last: '20260101_init' },
  enabled: true,
  tenantAdminsMaySwitch: false,
  tenants: [],
  ...extra,
})

const REFUSAL = "Layer 'authenticated' is needed by 'logging', which is on for tenant acme"

/**
 * A small stand-in for the admin API that keeps the switches it is sent, so the page's reload
 * shows them; `refuse` answers the next switch with the registry's 409.
 */
function fakeServer() {
  const layers = [
    layer('core', 0),
    layer('authenticated', 3, {
      tenants: [{ tenantId: 't-b', slug: 'beta', name: 'Beta', enabled: false }],
    }),
  ]
  const sent: { method: string; path: string; body: unknown }[] = []
  const server = { layers, sent, refuse: false }
  const json = (status: number, body: unknown) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': 'application/json' },
    })
  const fetch: typeof globalThis.fetch = async (input, init) => {
    const url = new URL(String(input), 'http://app.test')
    const method = init?.method ?? 'GET'
    if (url.pathname === '/api/admin/multitenant/tenants') {
      // The kind of tenant list the platform answers, with more than the console reads.
      return json(200, {
        tenants: [
          { id: 't-a', slug: 'acme', name: 'Acme' },
          { id: 't-b', slug: 'beta', name: 'Beta' },
        ],
      })
    }
    if (method === 'GET') return json(200, { layers: server.layers })
    const body: unknown = JSON.parse(String(init?.body))
    sent.push({ method, path: url.pathname, body })
    if (server.refuse) {
      return json(409, {
        error: REFUSAL,
        code: 'LAYER_SWITCH_REFUSED',
        timestamp: '',
        requestId: 'r-1',
      })
    }
    const [, id, , tenantId] = url.pathname
      .replace('/api/admin/multitenant/layers/', '/')
      .split('/')
    server.layers = server.layers.map((entry) => {
      if (entry.id !== id) return entry
      const { enabled } = body as { enabled: boolean | null }
      if (!tenantId) return { ...entry, ...(body as object) }
      // Only tenants with a switch of their own are listed; `null` removes it.
      const others = entry.tenants.filter((t) => t.tenantId !== tenantId)
      const own = enabled === null ? [] : [{ tenantId, slug: tenantId, name: tenantId, enabled }]
      return { ...entry, tenants: [...others, ...own] }
    })
    return json(200, {})
  }
  return { server, fetch }
}

async function mountConsole() {
  const { pinia, i18n } = coreTestPlugins('en-US')
  void installLayerMessages(i18n, 'multitenant', { 'en-US': enUS })
  void installLayerMessages(i18n, 'authenticated', {
    'en-US': { nav: { clients: 'Clients', projects: 'Projects' } },
  })
  const layersStore = useLayersStore(pinia)
  layersStore.addNav([
    { id: 'authenticated.clients', labelKey: 'authenticated.nav.clients', to: '/clients' },
    { id: 'authenticated.projects', labelKey: 'authenticated.nav.projects', to: '/projects' },
  ])
  let refreshed = 0
  layersStore.setRefresh(async () => void refreshed++)
  const { server, fetch } = fakeServer()
  const api = createApiClient({ baseUrl: '', fetch })
  const wrapper = mount(SystemConsolePage, {
    attachTo: document.body,
    global: { plugins: [pinia, i18n], provide: { [apiClientKey as symbol]: api } },
  })
  await flushPromises()
  return { wrapper, server, refreshed: () => refreshed }
}

describe('SystemConsolePage', () => {
  it('shows each layer with its version, needs, API address and database state', async () => {
    const { wrapper } = await mountConsole()
    const card = wrapper.get('[data-testid="layer-authenticated"]')
    expect(card.get('h2').text()).toBe('authenticated')
    expect(card.text()).toContain('Layer 3')
    expect(card.text()).toContain('1.2.0')
    expect(card.text()).toContain('/api/authenticated')
    expect(card.text()).toContain('Up to date (4 changes)')
    // Beta has its own switch, off; the others follow the global one.
    expect(card.get('[data-testid="tenant-switches"]').text()).toContain('Beta')
    wrapper.unmount()
  })

  it('keeps a platform layer switched on, and says why', async () => {
    const { wrapper } = await mountConsole()
    const core = wrapper.get('[data-testid="layer-core"]')
    const toggle = core.get('[data-testid="global-switch"]')
    expect(toggle.attributes('disabled')).toBeDefined()
    expect(toggle.attributes('aria-checked')).toBe('true')
    expect(toggle.text()).toBe('On')
    expect(core.text()).toContain('Part of the platform: always on, for every tenant.')
    expect(core.find('[data-testid="tenant-admins"]').exists()).toBe(false)
    wrapper.unmount()
  })

  it('asks before switching a layer off for every tenant, naming its pages', async () => {
    const { wrapper, server, refreshed } = await mountConsole()
    const card = () => wrapper.get('[data-testid="layer-authenticated"]')
    await card().get('[data-testid="global-switch"]').trigger('click')
    const confirm = card().get('[data-testid="confirm-off"]')
    expect(confirm.text()).toContain('Switch authenticated off for every tenant?')
    expect(confirm.text()).toContain(
      'Clients and Projects disappear for every tenant that follows this switch.',
    )
    expect(server.sent).toEqual([])
    await confirm.get('button').trigger('click')
    await flushPromises()
    expect(server.sent).toEqual([
      {
        method: 'PUT',
        path: '/api/admin/multitenant/layers/authenticated',
        body: { enabled: false },
      },
    ])
    expect(card().get('[data-testid="global-switch"]').attributes('aria-checked')).toBe('false')
    expect(card().get('[data-testid="global-switch"]').text()).toBe('Off')
    expect(refreshed()).toBe(1)
    wrapper.unmount()
  })

  it('shows the registry’s sentence, as it came, when the server refuses a switch', async () => {
    const { wrapper, server } = await mountConsole()
    server.refuse = true
    const card = () => wrapper.get('[data-testid="layer-authenticated"]')
    await card().get('[data-testid="global-switch"]').trigger('click')
    await card().get('[data-testid="confirm-off"] button').trigger('click')
    await flushPromises()
    expect(card().get('[data-testid="refusal"]').text()).toBe(REFUSAL)
    expect(card().get('[data-testid="refusal"]').attributes('role')).toBe('alert')
    expect(card().get('[data-testid="global-switch"]').attributes('aria-checked')).toBe('true')
    wrapper.unmount()
  })

  it('sets one tenant’s switch, and lets it follow the global one again', async () => {
    const { wrapper, server } = await mountConsole()
    const card = () => wrapper.get('[data-testid="layer-authenticated"]')
    await card().get('[data-testid="tenant-pick"]').setValue('t-a')
    await card().get('[data-testid="tenant-state"]').setValue('off')
    await card().get('[data-testid="tenant-apply"]').trigger('submit')
    await flushPromises()
    expect(server.sent.at(-1)).toEqual({
      method: 'PUT',
      path: '/api/admin/multitenant/layers/authenticated/tenants/t-a',
      body: { enabled: false },
    })
    await card().get('[data-testid="tenant-switches"] select').setValue('follow')
    await flushPromises()
    expect(server.sent.at(-1)?.body).toEqual({ enabled: null })
    expect(card().get('[data-testid="tenant-switches"]').text()).not.toContain('Beta')
    wrapper.unmount()
  })
})

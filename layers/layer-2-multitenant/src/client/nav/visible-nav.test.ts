import {
  defineClientLayer,
  defineManifest,
  useLayersStore,
  type NavItem,
} from '@stratum/layer-core/client'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { ref } from 'vue'
import { settle, startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import {
  GLOBEX,
  startTenantTestBackend,
  type TenantTestBackend,
} from '../testing/tenant-test-backend.ts'
import { filterNav } from './visible-nav.ts'

let backend: TenantTestBackend
let app: TenantTestApp | undefined
beforeAll(async () => {
  backend = await startTenantTestBackend()
})
afterAll(() => backend.close())
beforeEach(() => backend.reset())
afterEach(() => {
  app?.unmount()
  app = undefined
  localStorage.clear()
})

// A later layer (like layer 3) contributing items with and without permissions.
const clientsLayer = defineClientLayer({
  manifest: defineManifest({
    id: 'clients',
    number: 3,
    priority: 30,
    dependsOn: ['multitenant'],
    version: '0.1.0',
  }),
  routes: [],
  messages: {
    'en-US': { list: 'Clients', exports: 'Exports' },
    'pt-BR': { list: 'Clientes', exports: 'Exportações' },
    'es-ES': { list: 'Clientes', exports: 'Exportaciones' },
  },
  nav: [
    {
      id: 'clients.list',
      labelKey: 'clients.list',
      to: '/',
      permission: 'client.view',
      order: 150,
    },
    {
      id: 'clients.exports',
      labelKey: 'clients.exports',
      to: '/',
      permission: 'report.export',
      order: 160,
    },
  ],
})

describe('filterNav', () => {
  it('keeps items without a permission and those the check allows, in order', () => {
    const items: NavItem[] = [
      { id: 'a', labelKey: 'a', to: '/' },
      { id: 'b', labelKey: 'b', to: '/', permission: 'user.view' },
      { id: 'c', labelKey: 'c', to: '/', permission: 'report.view' },
    ]
    expect(filterNav(items, (p) => p === 'report.view').map((i) => i.id)).toEqual(['a', 'c'])
  })
})

describe('the navigation the app shell shows', () => {
  it('shows only the items my role in the current tenant allows, and follows switches', async () => {
    app = await startTenantTestApp({ baseUrl: backend.url, extraLayers: [clientsLayer] })
    // Account admin in Acme: members and roles, plus the later layer's items it grants.
    expect(app.navLabels()).toEqual([
      'Clients',
      'Exports',
      'Overview',
      'Members',
      'Roles',
      'My account',
    ])

    await app.tenant.select(GLOBEX.id)
    await settle()
    // Viewer in Globex: no administration, no exports; the order stays.
    expect(app.navLabels()).toEqual(['Clients', 'Overview', 'My account'])

    await app.tenant.select('tenant-acme')
    await settle()
    expect(app.navLabels()).toEqual([
      'Clients',
      'Exports',
      'Overview',
      'Members',
      'Roles',
      'My account',
    ])
  })

  it('shows the tenants page only to a superadmin', async () => {
    backend.state.user.isSuperadmin = true
    backend.state.memberships = []
    app = await startTenantTestApp({ baseUrl: backend.url })
    // Members and roles belong to a tenant: a superadmin in none has no such pages to open.
    expect(app.navLabels()).toEqual(['Overview', 'Tenants', 'System', 'My account'])
  })

  it('hides every permission item from a visitor who is not signed in', async () => {
    backend.state.signedIn = false
    app = await startTenantTestApp({ baseUrl: backend.url, extraLayers: [clientsLayer] })
    expect(app.navLabels()).toEqual(['Overview', 'My account'])
  })

  it('keeps hiding what my role does not allow when a later layer adds its own filter', async () => {
    // A later layer (say, billing) hides exports until the plan includes them.
    const exportsInPlan = ref(false)
    const billingLayer = defineClientLayer({
      ...clientsLayer,
      manifest: defineManifest({
        id: 'billing',
        number: 4,
        priority: 40,
        dependsOn: ['clients'],
        version: '0.1.0',
      }),
      nav: [],
      install(_app, _router, { pinia }) {
        useLayersStore(pinia).addNavFilter(
          (item) => item.id !== 'clients.exports' || exportsInPlan.value,
        )
      },
    })
    app = await startTenantTestApp({
      baseUrl: backend.url,
      extraLayers: [clientsLayer, billingLayer],
    })
    expect(app.navLabels()).toEqual(['Clients', 'Overview', 'Members', 'Roles', 'My account'])
    exportsInPlan.value = true
    await settle()
    expect(app.navLabels()).toContain('Exports')

    // Multitenant's own filter still applies: a viewer in Globex sees no exports, plan or not.
    await app.tenant.select(GLOBEX.id)
    await settle()
    expect(app.navLabels()).toEqual(['Clients', 'Overview', 'My account'])
  })
})

import { defineClientLayer, defineManifest } from '@stratum/layer-core/client'
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest'
import { defineComponent, h } from 'vue'
import { settle, startTenantTestApp, type TenantTestApp } from '../testing/tenant-test-app.ts'
import {
  GLOBEX,
  startTenantTestBackend,
  type TenantTestBackend,
} from '../testing/tenant-test-backend.ts'
import { useCan } from './use-can.ts'

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

// One page reading `$can` in its template (a runtime template needs the compiler, so the
// render function reads the global property the same way) and one using `useCan()`.
const Buttons = defineComponent({
  setup() {
    const can = useCan()
    return { can }
  },
  render() {
    return h('div', [
      this.$can('user.invite') ? h('button', { 'data-testid': 'invite' }, 'Invite') : null,
      this.can('report.view') ? h('button', { 'data-testid': 'reports' }, 'Reports') : null,
    ])
  },
})
const pageLayer = defineClientLayer({
  manifest: defineManifest({
    id: 'page',
    number: 3,
    priority: 30,
    dependsOn: ['multitenant'],
    version: '0.1.0',
  }),
  routes: [{ path: '/buttons', name: 'page.buttons', component: Buttons }],
  messages: { 'en-US': {}, 'pt-BR': {}, 'es-ES': {} },
})

describe('$can and useCan()', () => {
  it('hide what the role in the current tenant does not allow, and follow switches', async () => {
    app = await startTenantTestApp({
      baseUrl: backend.url,
      path: '/buttons',
      extraLayers: [pageLayer],
    })
    const shown = () =>
      [...app!.el.querySelectorAll('button')].map((b) => b.getAttribute('data-testid'))
    expect(shown()).toEqual(['invite', 'reports'])
    await app.tenant.select(GLOBEX.id)
    await settle()
    expect(shown()).toEqual(['reports'])
  })
})

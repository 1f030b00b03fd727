import { createPinia, setActivePinia } from 'pinia'
import { ref } from 'vue'
import { beforeEach, describe, expect, it } from 'vitest'
import { SHIPPED_LOCALES } from '../../shared/locales.ts'
import { useLayersStore } from './layers-store.ts'

describe('core.layers store', () => {
  beforeEach(() => setActivePinia(createPinia()))

  it('hides nav items the filter refuses, and follows the filter’s own state', () => {
    const store = useLayersStore()
    store.addNav([
      { id: 'a.home', labelKey: 'a.home', to: '/', order: 5 },
      { id: 'b.admin', labelKey: 'b.admin', to: '/admin', permission: 'user.view', order: 1 },
    ])
    expect(store.nav.map((i) => i.id)).toEqual(['b.admin', 'a.home'])
    const granted = ref<string[]>([])
    store.addNavFilter(
      (item) => item.permission === undefined || granted.value.includes(item.permission),
    )
    expect(store.nav.map((i) => i.id)).toEqual(['a.home'])
    granted.value = ['user.view']
    expect(store.nav.map((i) => i.id)).toEqual(['b.admin', 'a.home'])
  })

  it('shows an item only when every layer’s filter allows it', () => {
    const store = useLayersStore()
    store.addNav([
      { id: 'a.home', labelKey: 'a.home', to: '/' },
      { id: 'b.admin', labelKey: 'b.admin', to: '/admin', permission: 'user.view' },
      { id: 'c.reports', labelKey: 'c.reports', to: '/reports' },
    ])
    // One layer knows permissions, another knows what the plan includes; neither overwrites.
    store.addNavFilter((item) => item.permission === undefined)
    const plan = ref<'free' | 'pro'>('free')
    const removePlan = store.addNavFilter((item) => item.id !== 'c.reports' || plan.value === 'pro')
    expect(store.nav.map((i) => i.id)).toEqual(['a.home'])
    plan.value = 'pro'
    expect(store.nav.map((i) => i.id)).toEqual(['a.home', 'c.reports'])
    plan.value = 'free'
    removePlan()
    expect(store.nav.map((i) => i.id)).toEqual(['a.home', 'c.reports'])
  })

  it('shows an item that needs a server feature only when the server reports it', () => {
    const store = useLayersStore()
    store.addNav([
      { id: 'core.devMailbox', labelKey: 'x', to: '/dev/mailbox', feature: 'dev-mailbox' },
    ])
    store.setLayers([], [])
    expect(store.nav).toEqual([])
    store.setLayers([], ['dev-mailbox'])
    expect(store.nav.map((i) => i.id)).toEqual(['core.devMailbox'])
  })

  it('keeps the server’s live locales, and the shipped ones when it sends none', () => {
    const store = useLayersStore()
    expect(store.locales).toEqual(SHIPPED_LOCALES)
    const french = { code: 'fr-FR', name: 'French', nativeName: 'Français' }
    store.setLayers([], [], [...SHIPPED_LOCALES, french])
    expect(store.locales.map((l) => l.code)).toEqual(['pt-BR', 'en-US', 'es-ES', 'fr-FR'])
    store.setLayers([], [])
    expect(store.locales).toEqual(SHIPPED_LOCALES)
  })

  it('keeps header items in order', () => {
    const store = useLayersStore()
    const load = async () => ({ default: {} })
    store.addHeaderItems([{ id: 'x.late', load, order: 50 }])
    store.addHeaderItems([
      { id: 'y.early', load, order: 10 },
      { id: 'z.default', load },
    ])
    expect(store.header.map((i) => i.id)).toEqual(['y.early', 'x.late', 'z.default'])
  })

  it('counts as live only the installed layers the server says are on for the tenant', () => {
    const store = useLayersStore()
    const layer = (id: string, enabled?: boolean) => ({
      id,
      version: '1.0.0',
      priority: 0,
      dependsOn: [],
      prefix: null,
      ...(enabled === undefined ? {} : { enabled }),
    })
    store.setLayers([layer('core'), layer('authenticated', false), layer('logging')])
    expect(store.layers.map((l) => l.id)).toEqual(['core', 'logging'])
    expect(store.isLive('authenticated')).toBe(false)
    store.setLayers([layer('core'), layer('authenticated', true)])
    expect(store.isLive('authenticated')).toBe(true)
  })
})

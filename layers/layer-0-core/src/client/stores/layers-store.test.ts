import { createPinia, setActivePinia } from 'pinia'
import { ref } from 'vue'
import { beforeEach, describe, expect, it } from 'vitest'
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
    store.setNavFilter(
      (item) => item.permission === undefined || granted.value.includes(item.permission),
    )
    expect(store.nav.map((i) => i.id)).toEqual(['a.home'])
    granted.value = ['user.view']
    expect(store.nav.map((i) => i.id)).toEqual(['b.admin', 'a.home'])
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
})

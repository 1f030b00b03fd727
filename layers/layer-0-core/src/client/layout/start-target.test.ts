import { createPinia, setActivePinia } from 'pinia'
import { beforeEach, describe, expect, it } from 'vitest'
import { useLayersStore } from '../stores/layers-store.ts'
import { useViewerStore } from '../stores/viewer-store.ts'
import { setInstallAll } from './install-all.ts'
import { startTarget } from './start-target.ts'

describe('the app shell’s sections and start page', () => {
  beforeEach(() => {
    setActivePinia(createPinia())
    setInstallAll(undefined)
  })

  it('groups the navigation in the order workspace, administration, account, leaving out empty ones', () => {
    const store = useLayersStore()
    store.addNav([
      { id: 'a.account', labelKey: 'a', to: '/account', section: 'account', order: 1 },
      { id: 'b.members', labelKey: 'b', to: '/members', section: 'administration', order: 5 },
      { id: 'c.clients', labelKey: 'c', to: '/clients', order: 20 },
      { id: 'c.dashboard', labelKey: 'c', to: '/dashboard', section: 'workspace', order: 10 },
    ])
    expect(store.navGroups.map((g) => [g.section, g.items.map((i) => i.id)])).toEqual([
      ['workspace', ['c.dashboard', 'c.clients']],
      ['administration', ['b.members']],
      ['account', ['a.account']],
    ])
    store.addNavFilter((item) => item.section !== 'administration')
    expect(store.navGroups.map((g) => g.section)).toEqual(['workspace', 'account'])
  })

  it('starts at the first page the user may open, once every layer and filter is ready', async () => {
    const store = useLayersStore()
    let tenantsLoaded = false
    // A layer installed late brings the dashboard; a filter needs data that loads after sign-in.
    setInstallAll(async () => {
      store.addNav([{ id: 'c.dashboard', labelKey: 'c', to: '/dashboard', permission: 'x' }])
    })
    store.addNav([
      { id: 'b.members', labelKey: 'b', to: '/members', section: 'administration' },
      // Back to the landing page, which sends a signed-in person here: never a start page.
      { id: 'a.home', labelKey: 'a', to: '/', order: 0 },
    ])
    store.addNavFilter((item) => item.permission === undefined || tenantsLoaded)
    store.addNavWait(async () => {
      await new Promise((resolve) => setTimeout(resolve, 5))
      tenantsLoaded = true
    })
    expect(await startTarget()).toBe('/dashboard')
  })

  it('falls back to My account, and to the start page itself when there is nothing', async () => {
    expect(await startTarget()).toBe(true)
    useViewerStore().setRoutes({ account: { name: 'auth.account' } })
    expect(await startTarget()).toEqual({ name: 'auth.account' })
  })
})

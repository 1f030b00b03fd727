import { mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { useLayersStore } from '../stores/layers-store.ts'
import { useThemeStore } from '../stores/theme-store.ts'
import { coreTestPlugins } from '../testing/core-test-plugins.ts'
import LandingPage from './LandingPage.vue'

describe('LandingPage', () => {
  it('shows the app name and the live layers in order', () => {
    const { pinia, i18n } = coreTestPlugins('en-US')
    useThemeStore(pinia).setTheme({
      name: 'acme',
      title: 'Acme Cloud',
      logo: '',
      favicon: '',
      variables: {},
    })
    useLayersStore(pinia).setLayers([
      { id: 'core', version: '0.1.0', priority: 0, dependsOn: [], prefix: null },
      { id: 'auth', version: '0.2.0', priority: 10, dependsOn: ['core'], prefix: '/api/auth' },
    ])
    const wrapper = mount(LandingPage, { global: { plugins: [pinia, i18n] } })
    expect(wrapper.get('h1').text()).toBe('Welcome to Acme Cloud')
    const items = wrapper.findAll('[data-testid="live-layers"] li')
    expect(items.map((li) => li.get('strong').text())).toEqual(['core', 'auth'])
    expect(items[1]!.text()).toContain('version 0.2.0')
    expect(items[1]!.text()).toContain('needs core')
  })

  it('says so when no layer is live', () => {
    const { pinia, i18n } = coreTestPlugins('pt-BR')
    const wrapper = mount(LandingPage, { global: { plugins: [pinia, i18n] } })
    expect(wrapper.text()).toContain('Nenhuma camada está ativa.')
  })
})

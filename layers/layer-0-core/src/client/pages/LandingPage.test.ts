import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useLayersStore } from '../stores/layers-store.ts'
import { useThemeStore } from '../stores/theme-store.ts'
import { useViewerStore } from '../stores/viewer-store.ts'
import { coreTestPlugins } from '../testing/core-test-plugins.ts'
import type { ThemeConfig } from '../theme/theme-config.ts'
import LandingPage from './LandingPage.vue'

const ACME: ThemeConfig = {
  name: 'acme',
  title: 'Acme Cloud',
  logo: '/acme.svg',
  favicon: '',
  landing: async () => ({
    default: {
      headline: { 'en-US': 'Build with Acme', 'pt-BR': 'Construa com a Acme' },
      text: { 'en-US': 'Everything in one place.' },
    },
  }),
  variables: {},
}

async function mountLanding(locale: 'en-US' | 'pt-BR' | 'es-ES', theme: ThemeConfig = ACME) {
  const { pinia, i18n } = coreTestPlugins(locale)
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [
      { path: '/', name: 'core.landing', component: LandingPage },
      { path: '/login', name: 'auth.login', component: { render: () => null } },
      { path: '/app', name: 'core.start', component: { render: () => null } },
    ],
  })
  useThemeStore(pinia).setTheme(theme)
  useLayersStore(pinia).setLayers([
    { id: 'core', version: '0.1.0', priority: 0, dependsOn: [], prefix: null },
  ])
  const viewer = useViewerStore(pinia)
  viewer.setRoutes({ signIn: { name: 'auth.login' } })
  const wrapper = mount(LandingPage, { global: { plugins: [pinia, i18n, router] } })
  await flushPromises()
  return { wrapper, viewer }
}

describe('LandingPage', () => {
  it('shows the theme’s brand, headline and text, and a Sign-in button, and no layer list', async () => {
    const { wrapper } = await mountLanding('en-US')
    expect(wrapper.get('.landing__brand').text()).toBe('Acme Cloud')
    expect(wrapper.get('[data-testid="landing-logo"]').attributes('src')).toBe('/acme.svg')
    expect(wrapper.get('h1').text()).toBe('Build with Acme')
    expect(wrapper.get('.landing__text').text()).toBe('Everything in one place.')
    const signIn = wrapper.get('[data-testid="landing-sign-in"]')
    expect(signIn.text()).toBe('Sign in')
    expect(signIn.attributes('href')).toBe('/login')
    expect(wrapper.text()).not.toContain('core')
  })

  it('reads the theme’s words in the visitor’s language, falling back to en-US', async () => {
    const pt = (await mountLanding('pt-BR')).wrapper
    expect(pt.get('h1').text()).toBe('Construa com a Acme')
    expect(pt.get('.landing__text').text()).toBe('Everything in one place.')
    expect(pt.get('[data-testid="landing-sign-in"]').text()).toBe('Entrar')
    const es = (await mountLanding('es-ES')).wrapper
    expect(es.get('h1').text()).toBe('Build with Acme')
    expect(es.get('[data-testid="landing-sign-in"]').text()).toBe('Iniciar sesión')
  })

  it('offers the app instead of signing in to someone signed in', async () => {
    const { wrapper, viewer } = await mountLanding('en-US')
    viewer.setSignedIn(true)
    await wrapper.vm.$nextTick()
    expect(wrapper.find('[data-testid="landing-sign-in"]').exists()).toBe(false)
    expect(wrapper.get('[data-testid="landing-open-app"]').attributes('href')).toBe('/app')
  })

  it('welcomes by the brand’s name when a theme writes no headline', async () => {
    const { landing: _landing, ...plain } = ACME
    const { wrapper } = await mountLanding('en-US', plain)
    expect(wrapper.get('h1').text()).toBe('Welcome to Acme Cloud')
    expect(wrapper.find('.landing__text').exists()).toBe(false)
  })
})

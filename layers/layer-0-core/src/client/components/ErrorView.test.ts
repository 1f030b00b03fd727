import { mount } from '@vue/test-utils'
import { createMemoryHistory, createRouter } from 'vue-router'
import { useLayersStore } from '../stores/layers-store.ts'
import { describe, expect, it } from 'vitest'
import { ApiError } from '../api/api-error.ts'
import { coreTestPlugins } from '../testing/core-test-plugins.ts'
import ErrorView from './ErrorView.vue'

const mountError = (props: Record<string, unknown>, locale: 'en-US' | 'pt-BR' = 'en-US') => {
  const { pinia, i18n } = coreTestPlugins(locale)
  return mount(ErrorView, { props, global: { plugins: [pinia, i18n] } })
}

describe('ErrorView', () => {
  it('shows the request id and the translated text of the code', () => {
    const error = new ApiError({
      status: 0,
      code: 'NETWORK_ERROR',
      message: 'x',
      requestId: 'req-42',
    })
    const wrapper = mountError({ error })
    expect(wrapper.get('[data-testid="request-id"]').text()).toBe('req-42')
    expect(wrapper.text()).toContain('The server could not be reached')
    expect(wrapper.find('[role="alert"]').exists()).toBe(true)
  })

  it('falls back to the server sentence for a code it has no text for', () => {
    const error = new ApiError({
      status: 409,
      code: 'EMAIL_TAKEN',
      message: 'That email is taken.',
      requestId: 'r',
    })
    expect(mountError({ error }).text()).toContain('That email is taken.')
  })

  it('translates into the current locale and hides the id when there is none', () => {
    const wrapper = mountError({ error: new Error('boom') }, 'pt-BR')
    expect(wrapper.text()).toContain('Algo deu errado')
    expect(wrapper.find('[data-testid="request-id"]').exists()).toBe(false)
  })

  it('links the request id to the page a live layer offers, and to nothing without one', async () => {
    const { pinia, i18n } = coreTestPlugins('en-US')
    const router = createRouter({
      history: createMemoryHistory(),
      routes: [{ path: '/trace/:id', name: 'trace', component: { render: () => null } }],
    })
    i18n.global.mergeLocaleMessage('en-US', { test: { open: 'Open the trace' } })
    const error = new ApiError({ status: 500, code: 'INTERNAL', message: 'x', requestId: 'req-9' })
    const mountIt = () =>
      mount(ErrorView, { props: { error }, global: { plugins: [pinia, i18n, router] } })
    expect(mountIt().find('[data-testid="request-link"]').exists()).toBe(false)

    const remove = useLayersStore(pinia).setRequestLink((id) =>
      id === 'req-9' ? { to: { name: 'trace', params: { id } }, labelKey: 'test.open' } : undefined,
    )
    const link = mountIt().get('[data-testid="request-link"]')
    expect(link.text()).toBe('Open the trace')
    expect(link.attributes('href')).toBe('/trace/req-9')
    remove()
    expect(mountIt().find('[data-testid="request-link"]').exists()).toBe(false)
  })

  it('emits retry from its button', async () => {
    const wrapper = mountError({ error: undefined, retryable: true })
    await wrapper.get('button').trigger('click')
    expect(wrapper.emitted('retry')).toHaveLength(1)
  })
})

import { mount } from '@vue/test-utils'
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

  it('emits retry from its button', async () => {
    const wrapper = mountError({ error: undefined, retryable: true })
    await wrapper.get('button').trigger('click')
    expect(wrapper.emitted('retry')).toHaveLength(1)
  })
})

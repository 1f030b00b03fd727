import { flushPromises, mount } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createApiClient } from '../api/api-client.ts'
import { apiClientKey } from '../api/use-api.ts'
import { coreTestPlugins } from '../testing/core-test-plugins.ts'
import { fakeFetch, type FakeAnswer } from '../testing/fake-fetch.ts'
import DevMailboxPage from './DevMailboxPage.vue'

const mountMailbox = async (answer: FakeAnswer) => {
  const { pinia, i18n } = coreTestPlugins('en-US')
  const api = createApiClient({
    baseUrl: '',
    fetch: fakeFetch({ '/api/core/dev/mailbox': answer }),
  })
  const wrapper = mount(DevMailboxPage, {
    global: { plugins: [pinia, i18n], provide: { [apiClientKey as symbol]: api } },
  })
  await flushPromises()
  return wrapper
}

const mail = {
  id: 'm1',
  from: 'Stratum <no-reply@stratum.localhost>',
  to: 'ana@example.com',
  subject: 'Your code',
  text: 'Your code is 123456.\n<b>not bold</b>',
  html: '<p>Your code is <b>123456</b>.</p><script>alert(1)</script>',
  sentAt: '2026-01-02T03:04:05.000Z',
}

describe('DevMailboxPage', () => {
  it('lists messages with the text part in a <pre>, never the HTML', async () => {
    const wrapper = await mountMailbox({ body: { messages: [mail] } })
    expect(wrapper.get('h2').text()).toBe('Your code')
    expect(wrapper.text()).toContain('ana@example.com')
    expect(wrapper.get('pre').text()).toBe(mail.text)
    expect(wrapper.find('pre b').exists()).toBe(false)
    expect(wrapper.find('script').exists()).toBe(false)
    expect(wrapper.text()).toContain('One message')
  })

  it('explains that the mailbox is off when the backend answers 404 NOT_FOUND', async () => {
    const wrapper = await mountMailbox({
      status: 404,
      body: { error: 'Not found.', code: 'NOT_FOUND', timestamp: '', requestId: 'req-7' },
    })
    expect(wrapper.get('[data-testid="mailbox-disabled"]').text()).toContain(
      'SMTP server is configured',
    )
  })

  it('shows the error view with the request id for other failures', async () => {
    const wrapper = await mountMailbox({
      status: 500,
      body: { error: 'Boom.', code: 'INTERNAL_ERROR', timestamp: '', requestId: 'req-500' },
    })
    expect(wrapper.get('[data-testid="request-id"]').text()).toBe('req-500')
  })
})

import { flushPromises } from '@vue/test-utils'
import { describe, expect, it } from 'vitest'
import { createApiClient } from '../api/api-client.ts'
import { fakeFetch, type FakeAnswer } from '../testing/fake-fetch.ts'
import { createAppI18n, installLayerMessages } from './app-i18n.ts'
import { createMessageOverrides } from './message-overrides.ts'

const LOCALES = [
  { code: 'en-US', name: 'English (US)', nativeName: 'English (US)' },
  { code: 'fr-FR', name: 'French', nativeName: 'Français' },
]

/** An i18n with one layer's compiled messages, and an API that answers the overrides route. */
function setUp(answers: Record<string, FakeAnswer | (() => FakeAnswer)>) {
  const asked: string[] = []
  const fetch = fakeFetch(answers)
  const api = createApiClient({
    baseUrl: '',
    fetch: (input, init) => {
      asked.push(new URL(String(input), 'http://app.test').pathname)
      return fetch(input, init)
    },
  })
  const i18n = createAppI18n('en-US', LOCALES)
  installLayerMessages(i18n, 'demo', {
    'en-US': { greeting: 'Hello', farewell: 'Goodbye' },
    'pt-BR': { greeting: 'Olá', farewell: 'Tchau' },
  })
  return { i18n, api, asked }
}

describe('message overrides', () => {
  it('merges the current locale’s overrides, then each new locale’s, asking once per locale', async () => {
    const { i18n, api, asked } = setUp({
      '/api/core/messages/en-US': {
        body: { locale: 'en-US', messages: { demo: { greeting: 'Welcome aboard' } } },
      },
      '/api/core/messages/fr-FR': {
        body: { locale: 'fr-FR', messages: { demo: { greeting: 'Bonjour' } } },
      },
    })
    const overrides = createMessageOverrides(i18n, api)
    await overrides.follow()
    const { t } = i18n.global
    expect(t('demo.greeting')).toBe('Welcome aboard')
    expect(t('demo.farewell')).toBe('Goodbye')

    i18n.global.locale.value = 'fr-FR'
    await flushPromises()
    expect(t('demo.greeting')).toBe('Bonjour')
    // fr-FR has only one key; the rest falls back, key by key, to en-US.
    expect(t('demo.farewell')).toBe('Goodbye')

    i18n.global.locale.value = 'en-US'
    await flushPromises()
    i18n.global.locale.value = 'fr-FR'
    await flushPromises()
    expect(asked).toEqual(['/api/core/messages/en-US', '/api/core/messages/fr-FR'])
    overrides.stop()
  })

  it('merges the overrides again over a layer installed after start-up', async () => {
    const { i18n, api, asked } = setUp({
      '/api/core/messages/en-US': {
        body: { locale: 'en-US', messages: { late: { title: 'From the source' } } },
      },
    })
    const overrides = createMessageOverrides(i18n, api)
    await overrides.follow()
    installLayerMessages(i18n, 'late', { 'en-US': { title: 'Compiled', other: 'Other' } })
    expect(i18n.global.t('late.title')).toBe('Compiled')
    await overrides.reapply()
    expect(i18n.global.t('late.title')).toBe('From the source')
    expect(i18n.global.t('late.other')).toBe('Other')
    expect(asked).toEqual(['/api/core/messages/en-US'])
    overrides.stop()
  })

  it('keeps the compiled messages when the overrides cannot be loaded', async () => {
    const { i18n, api } = setUp({
      '/api/core/messages/en-US': { status: 503, body: { error: 'Down', code: 'NOT_READY' } },
    })
    await createMessageOverrides(i18n, api).follow()
    expect(i18n.global.t('demo.greeting')).toBe('Hello')
  })
})

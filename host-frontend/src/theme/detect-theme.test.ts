import { createApiClient } from '@stratum/layer-core/client'
import { fakeFetch } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { describe, expect, it } from 'vitest'
import { fetchThemeDetection, pickTheme } from './detect-theme.ts'

const available = ['base', 'client-a', 'client-b']

describe('pickTheme: subdomain, then tenant, then default, then base', () => {
  it('takes the subdomain over the tenant setting and the default', () => {
    expect(
      pickTheme({ subdomain: 'client-a', tenant: 'client-b', fallback: 'client-b' }, available),
    ).toBe('client-a')
  })

  it('takes the tenant setting when the subdomain names no theme', () => {
    expect(
      pickTheme({ subdomain: undefined, tenant: 'client-b', fallback: 'client-a' }, available),
    ).toBe('client-b')
  })

  it('takes the env default before sign-in, and base when nothing names a theme', () => {
    expect(pickTheme({ fallback: 'client-b' }, available)).toBe('client-b')
    expect(pickTheme({}, available)).toBe('base')
  })

  it('gives base for a name this build does not know', () => {
    expect(pickTheme({ subdomain: 'client-z', tenant: 'client-b' }, available)).toBe('base')
    expect(pickTheme({ tenant: 'retired', fallback: 'client-a' }, available)).toBe('base')
  })
})

describe('fetchThemeDetection', () => {
  it('reads the subdomain and the default from GET /api/core/theme', async () => {
    const api = createApiClient({
      baseUrl: '',
      fetch: fakeFetch({
        '/api/core/theme': { body: { subdomain: 'client-a', default: 'client-b', available } },
      }),
    })
    expect(await fetchThemeDetection(api)).toEqual({ subdomain: 'client-a', fallback: 'client-b' })
  })

  it('starts in base when the server has no answer', async () => {
    const api = createApiClient({ baseUrl: '', fetch: fakeFetch({}) })
    expect(await fetchThemeDetection(api)).toEqual({ subdomain: undefined, fallback: 'base' })
  })
})

import {
  apiClientKey,
  createApiClient,
  installLayerMessages,
  useLayersStore,
  type ApiClient,
} from '@stratum/layer-core/client'
import { coreTestPlugins } from '@stratum/layer-core/client/testing/core-test-plugins.ts'
import { fakeFetch, type FakeAnswer } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { mount } from '@vue/test-utils'
import type { Component } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { loggingClientLayer } from '../logging-layer.ts'
import { loggingRoutes } from '../routes.ts'

/**
 * Mounts a console page with core's plugins, the layer's messages and routes, and an API client
 * answering `answers` by path. Returns the wrapper, the router and the paths the page asked for.
 */
export async function mountConsole(
  page: Component,
  answers: Record<string, FakeAnswer | (() => FakeAnswer)>,
  path = '/',
) {
  const { pinia, i18n } = coreTestPlugins('en-US')
  installLayerMessages(i18n, 'logging', loggingClientLayer.messages)
  // The error view looks codes up under each live layer's messages.
  useLayersStore(pinia).setLayers([
    { id: 'logging', version: '0.1.0', priority: 50, dependsOn: ['core'], prefix: '/api/logs' },
  ])
  const asked: string[] = []
  const fetch = fakeFetch(answers)
  const api: ApiClient = createApiClient({
    baseUrl: 'http://app.test',
    fetch: (input, init) => {
      const url = new URL(String(input))
      asked.push(`${url.pathname}${url.search}`)
      return fetch(input, init)
    },
  })
  const router = createRouter({
    history: createMemoryHistory(),
    routes: [{ path: '/', component: { render: () => null } }, ...loggingRoutes],
  })
  await router.push(path)
  const wrapper = mount(page, {
    attachTo: document.body,
    global: { plugins: [pinia, i18n, router], provide: { [apiClientKey]: api } },
  })
  return { wrapper, router, asked }
}

import {
  addLayerRoute,
  createApiClient,
  SHELL_ROUTE,
  useLayersStore,
  type ClientLayerContext,
} from '@stratum/layer-core/client'
import { coreTestPlugins } from '@stratum/layer-core/client/testing/core-test-plugins.ts'
import { fakeFetch } from '@stratum/layer-core/client/testing/fake-fetch.ts'
import { describe, expect, it, vi } from 'vitest'
import { createApp } from 'vue'
import { createMemoryHistory, createRouter } from 'vue-router'
import { loggingClientLayer } from './logging-layer.ts'
import { LOGGING_ROUTES } from './routes.ts'

const info = {
  id: 'logging',
  version: '0.1.0',
  priority: 50,
  dependsOn: ['core'],
  prefix: '/api/logs',
}

async function install(withShell: boolean, answers: Parameters<typeof fakeFetch>[0] = {}) {
  const { pinia, i18n } = coreTestPlugins('en-US')
  const router = createRouter({
    history: createMemoryHistory(),
    routes: withShell
      ? [
          {
            path: '/app',
            name: SHELL_ROUTE,
            component: { render: () => null },
            children: [],
          },
        ]
      : [],
  })
  // As the host does: the layer's routes first, then its install hook.
  for (const route of loggingClientLayer.routes) addLayerRoute(router, route)
  const layers = useLayersStore(pinia)
  layers.addNav(loggingClientLayer.nav ?? [])
  const context = {
    layer: info,
    layers: [info],
    api: createApiClient({ baseUrl: 'http://app.test', fetch: fakeFetch(answers) }),
    pinia,
    i18n,
  } as unknown as ClientLayerContext
  const app = createApp({ render: () => null })
  const dispose = await loggingClientLayer.install?.(app, router, context)
  return { router, layers, dispose }
}

describe('loggingClientLayer.install', () => {
  it("puts the consoles inside core's app shell, and top-level where no shell exists", async () => {
    const inShell = await install(true)
    const chain = (path: string) => inShell.router.resolve(path).matched.map((m) => m.name)
    expect(chain('/logging/logs')).toEqual([SHELL_ROUTE, LOGGING_ROUTES.logs])
    expect(chain('/logging/audit')).toEqual([SHELL_ROUTE, LOGGING_ROUTES.audit])
    expect(chain('/logging/metrics')).toEqual([SHELL_ROUTE, LOGGING_ROUTES.metrics])
    expect(chain('/logging/trace/r-1')).toEqual([SHELL_ROUTE, LOGGING_ROUTES.trace])

    const alone = await install(false)
    expect(alone.router.resolve('/logging/logs').matched.map((m) => m.name)).toEqual([
      LOGGING_ROUTES.logs,
    ])
  })

  it('offers a trace link for a request id only while the logs console is in the navigation', async () => {
    const { layers } = await install(false)
    expect(layers.requestLink('req-1')).toEqual({
      to: { name: LOGGING_ROUTES.trace, params: { requestId: 'req-1' } },
      labelKey: 'logging.common.openTrace',
    })
    layers.addNavFilter((item) => item.permission !== 'logs.view')
    expect(layers.requestLink('req-1')).toBeUndefined()
  })

  it('returns a disposer that stops the capture and the trace link (switched off for a tenant)', async () => {
    let batches = 0
    const { layers, dispose } = await install(false, {
      '/api/logs/error': () => {
        batches++
        return { status: 202, body: { accepted: 1 } }
      },
    })
    const fail = () =>
      window.dispatchEvent(new ErrorEvent('error', { message: `boom ${Math.random()}` }))
    fail()
    await vi.waitFor(() => expect(batches).toBe(1))
    expect(typeof dispose).toBe('function')
    ;(dispose as () => void)()
    expect(layers.requestLink('req-1')).toBeUndefined()
    fail()
    await new Promise((resolve) => setTimeout(resolve, 50))
    expect(batches).toBe(1)
  })
})

import type { ApiClient } from '@stratum/layer-core/client'
import type { App } from 'vue'
import type { Router } from 'vue-router'
import type { BrowserLogger } from './browser-logger.ts'
import { errorMessage } from './capture-browser.ts'

/** An API call slower than this is logged as a warning. */
export const SLOW_CALL_MS = 3_000

/**
 * Vue's `errorHandler` (chained to any previous one), page views with time on page, and every
 * API call: a breadcrumb each (method, path without query, status, duration, request id), an
 * entry for failures and slow calls. Calls to `ignorePrefix` (the logger's own ingestion) are
 * never recorded, so sending logs cannot produce logs. `leave()` logs the current page's view
 * (the page is being hidden or closed); `stop()` undoes it all.
 */
export function captureApp(
  logger: BrowserLogger,
  {
    app,
    router,
    api,
    ignorePrefix,
  }: { app: App; router: Router; api: ApiClient; ignorePrefix: string },
  now: () => number = () => performance.now(),
): { leave(): void; stop(): void } {
  const previous = app.config.errorHandler
  app.config.errorHandler = (error, instance, info) => {
    logger.error(errorMessage(error), {
      stackTrace: error instanceof Error ? error.stack : undefined,
      context: {
        kind: 'vue',
        info,
        component: instance?.$options.name ?? instance?.$options.__name,
      },
    })
    if (previous) previous(error, instance, info)
    // Vue only prints what no handler took; keep it visible in development.
    else if (import.meta.env.DEV) console.error(error)
  }

  let entered = now()
  let current: { path: string; name: string | undefined } | undefined
  const pageView = (at: number) => {
    if (current)
      logger.info(`Page view ${current.path}`, {
        durationMs: at - entered,
        context: { kind: 'pageview', route: current.name },
      })
  }
  const removeGuard = router.afterEach((to, _from, failure) => {
    if (failure) return
    const at = now()
    pageView(at)
    current = { path: to.path, name: to.name === undefined ? undefined : String(to.name) }
    entered = at
    logger.breadcrumb('navigation', to.path)
  })

  const removeListener = api.addResponseListener((call) => {
    const path = call.path.split('?')[0] ?? call.path
    if (path.startsWith(ignorePrefix)) return
    const summary = `${call.method} ${path} → ${call.status || call.code || 'no answer'} (${call.durationMs} ms)`
    logger.breadcrumb('api', call.requestId ? `${summary} ${call.requestId}` : summary)
    const extra = {
      durationMs: call.durationMs,
      requestId: call.requestId,
      // `error`, not `code`: the server masks values of keys that look like secrets (`code`).
      context: { kind: 'api', method: call.method, path, status: call.status, error: call.code },
    }
    if (call.code === 'ABORTED') return
    if (call.status === 0 || call.status >= 500) logger.error(`API ${summary}`, extra)
    else if (call.status >= 400 && call.status !== 401) logger.warn(`API ${summary}`, extra)
    else if (call.durationMs >= SLOW_CALL_MS) logger.warn(`Slow API ${summary}`, extra)
  })

  return {
    leave() {
      pageView(now())
      current = undefined
    },
    stop() {
      app.config.errorHandler = previous
      removeGuard()
      removeListener()
    },
  }
}

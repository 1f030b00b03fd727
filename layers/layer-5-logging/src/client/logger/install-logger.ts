import type { ApiClient } from '@stratum/layer-core/client'
import type { App } from 'vue'
import type { Router } from 'vue-router'
import { stopEarlyCapture } from '../early.ts'
import { createBrowserLogger, type BrowserLogger } from './browser-logger.ts'
import { captureApp } from './capture-app.ts'
import { captureBrowser } from './capture-browser.ts'
import { capturePerformance } from './capture-performance.ts'
import { apiLogTransport, retryableLogFailure } from './log-transport.ts'
import { browserSessionId } from './session-id.ts'
import { provideLogger } from './use-logger.ts'

/**
 * The logger as the layer installs it: sends to `ingestPrefix` through the app's API client,
 * captures errors, actions, API calls, page views and performance, and is what `useLogger()`
 * returns. Only the logging layer's `install` calls it, so with the layer off nothing is sent.
 */
export function installBrowserLogger(
  app: App,
  router: Router,
  api: ApiClient,
  ingestPrefix: string,
): { logger: BrowserLogger; uninstall(): void } {
  // From here on the logger reports errors, with breadcrumbs; the early hook stands down.
  stopEarlyCapture()
  const sessionId = browserSessionId()
  const logger = createBrowserLogger({
    transport: apiLogTransport(api, sessionId, ingestPrefix),
    retryable: retryableLogFailure,
    location: () => window.location.pathname,
  })
  provideLogger(app, logger)
  const performanceCapture = capturePerformance(logger)
  const appCapture = captureApp(logger, { app, router, api, ignorePrefix: ingestPrefix })
  // The last words before the beacon: the open page's view and the Web Vitals.
  const beforeHide = () => {
    appCapture.leave()
    performanceCapture.report()
  }
  const undo = [appCapture.stop, captureBrowser(logger, { beforeHide }), performanceCapture.stop]
  return {
    logger,
    uninstall() {
      undo.forEach((fn) => fn())
      logger.dispose()
    },
  }
}

import { inject, type App, type InjectionKey } from 'vue'
import type { BrowserLogger } from './browser-logger.ts'

const LOGGER: InjectionKey<BrowserLogger> = Symbol('logging.logger')

/** Makes `logger` what {@link useLogger} returns in this app. */
export const provideLogger = (app: App, logger: BrowserLogger) => app.provide(LOGGER, logger)

/**
 * The app's browser logger, for a component that wants to record something itself
 * (`useLogger()?.warn('Export took long', { durationMs })`). `undefined` outside an app where
 * the logging layer is live, so callers never depend on it.
 */
export const useLogger = (): BrowserLogger | undefined => inject(LOGGER, undefined)

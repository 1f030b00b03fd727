import { inject, type App, type InjectionKey } from 'vue'
import type { ApiClient } from './api-client.ts'

/** Injection key of the app's API client. */
export const apiClientKey: InjectionKey<ApiClient> = Symbol('core.api')

/** Makes `api` available to every component through {@link useApi}. */
export function provideApi(app: App, api: ApiClient): void {
  app.provide(apiClientKey, api)
}

/** The app's API client, inside a component's setup. */
export function useApi(): ApiClient {
  const api = inject(apiClientKey)
  if (!api) throw new Error('useApi() needs provideApi(app, api) at start-up.')
  return api
}

import { isApiError, type ApiClient } from '@stratum/layer-core/client'
import type { BrowserLogEntry, LogBatchBody, LogErrorBody } from '../../shared/ingest-schemas.ts'
import type { LogTransport } from './browser-logger.ts'

/** Where the ingestion routes live: the layer's public prefix (`/api/logs`). */
export const ingestPaths = (prefix: string) => ({
  batch: `${prefix}/batch`,
  error: `${prefix}/error`,
})

/**
 * Sends through the app's API client (so the session and tenant headers go along); a lone
 * ERROR or FATAL goes to `/error`, everything else to `/batch`. On page hide, `sendBeacon`
 * posts the same body to `/batch` (cookies only: a beacon carries no headers).
 */
export function apiLogTransport(
  api: ApiClient,
  sessionId: string,
  prefix: string,
  beacon: ((url: string, data: Blob) => boolean) | undefined = globalThis.navigator?.sendBeacon
    ? (url, data) => globalThis.navigator.sendBeacon(url, data)
    : undefined,
): LogTransport {
  const paths = ingestPaths(prefix)
  return {
    async send(entries) {
      const [only] = entries
      if (entries.length === 1 && only && (only.level === 'ERROR' || only.level === 'FATAL')) {
        const body: LogErrorBody = { sessionId, entry: only }
        await api.post(paths.error, body)
        return
      }
      const body: LogBatchBody = { sessionId, entries: [...entries] }
      await api.post(paths.batch, body)
    },
    beacon(entries: readonly BrowserLogEntry[]) {
      if (!beacon) return false
      const body: LogBatchBody = { sessionId, entries: [...entries] }
      const blob = new Blob([JSON.stringify(body)], { type: 'application/json' })
      return beacon(`${api.baseUrl}${paths.batch}`, blob)
    },
  }
}

/**
 * Worth another attempt: no answer, the server busy or failing, or the rate limit. A 4xx other
 * than 429 would fail again the same way.
 */
export const retryableLogFailure = (error: unknown): boolean =>
  !isApiError(error) || error.status === 0 || error.status === 429 || error.status >= 500

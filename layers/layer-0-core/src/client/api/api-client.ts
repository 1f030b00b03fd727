import { ApiError, codeForHttpStatus, isApiErrorBody, type ApiErrorInit } from './api-error.ts'

/** A request as interceptors see it, just before it is sent. */
export interface ApiRequest {
  readonly method: string
  /** Path under the base URL, query included: `/api/core/layers?x=1`. */
  readonly path: string
  /** Interceptors add headers here (a later layer adds `X-Tenant-ID`). */
  readonly headers: Headers
  /** 1 for the first attempt, 2 for the one retry after `onUnauthorized`. */
  readonly attempt: number
}

/** Runs before every attempt, in the order added. */
export type RequestInterceptor = (request: ApiRequest) => void | Promise<void>

/** What a response listener learns about one finished attempt: never a body or a header value. */
export interface ApiResponseEvent {
  readonly method: string
  /** Path under the base URL, query included, as in {@link ApiRequest}. */
  readonly path: string
  /** HTTP status; 0 when no response came (network failure, timeout or caller abort). */
  readonly status: number
  /** From just before the request was sent to its body being read (or the failure). */
  readonly durationMs: number
  /** The `X-Request-ID` the server answered with, else the one sent. */
  readonly requestId: string | undefined
  readonly attempt: number
  /** The ApiError code when the attempt failed (`TIMEOUT`, `NETWORK_ERROR`, a server code…). */
  readonly code?: string
}

/**
 * Observes every finished attempt, after the interceptors and the network. A listener cannot
 * change the outcome, and one that throws is ignored, so an observer (the logging layer) never
 * breaks a request.
 */
export type ResponseListener = (event: ApiResponseEvent) => void

/**
 * Called when a request gets a 401. Resolve `true` after refreshing the session to retry the
 * request once; a retry that also gets a 401 rejects without calling the handler again.
 * Concurrent 401s each call the handler, so a refreshing handler should share one refresh.
 */
export type UnauthorizedHandler = (
  error: ApiError,
  request: ApiRequest,
) => boolean | Promise<boolean>

export type QueryValue = string | number | boolean | undefined

/** Options of one request. */
export interface ApiRequestOptions<T = unknown> {
  /** @default 'GET' */
  method?: string
  /** Serialised as JSON; omitted when `undefined`. */
  body?: unknown
  /** Entries whose value is `undefined` are left out. */
  query?: Readonly<Record<string, QueryValue>>
  headers?: Readonly<Record<string, string>>
  /** Overrides the client's `timeoutMs` for this request. */
  timeoutMs?: number
  /** Caller cancellation: the request then rejects with the signal's reason, not an ApiError. */
  signal?: AbortSignal
  /** Validates the parsed body; a zod schema from the layer's `shared/` fits. */
  schema?: { parse(data: unknown): T }
  /** A body sent as is instead of JSON (`{ type: 'text/csv', text }`); wins over `body`. */
  rawBody?: { readonly type: string; readonly text: string }
  /**
   * `text` resolves the response body as a string (a CSV download) instead of parsing JSON.
   * @default 'json'
   */
  responseType?: 'json' | 'text'
}

export type ApiMethodOptions<T> = Omit<ApiRequestOptions<T>, 'method' | 'body'>

/** Options of {@link createApiClient}. */
export interface ApiClientOptions {
  /**
   * Origin (and path prefix) of the API.
   * @default import.meta.env.VITE_API_BASE_URL ?? '' (same origin)
   */
  baseUrl?: string
  /**
   * Time allowed for a request, response body included.
   * @default 15000
   */
  timeoutMs?: number
  /** @default globalThis.fetch */
  fetch?: typeof fetch
  /** @default () => crypto.randomUUID() */
  createRequestId?: () => string
}

/** The one way the client talks to the backend. Components reach it through `useApi()`. */
export interface ApiClient {
  readonly baseUrl: string
  request<T = unknown>(path: string, options?: ApiRequestOptions<T>): Promise<T>
  get<T = unknown>(path: string, options?: ApiMethodOptions<T>): Promise<T>
  post<T = unknown>(path: string, body?: unknown, options?: ApiMethodOptions<T>): Promise<T>
  put<T = unknown>(path: string, body?: unknown, options?: ApiMethodOptions<T>): Promise<T>
  patch<T = unknown>(path: string, body?: unknown, options?: ApiMethodOptions<T>): Promise<T>
  delete<T = unknown>(path: string, options?: ApiMethodOptions<T>): Promise<T>
  /** Adds an interceptor; the returned function removes it. */
  addRequestInterceptor(interceptor: RequestInterceptor): () => void
  /** Adds a response listener; the returned function removes it. */
  addResponseListener(listener: ResponseListener): () => void
  /** Sets the 401 handler, replacing any previous one; the returned function removes it. */
  onUnauthorized(handler: UnauthorizedHandler): () => void
}

/** Default request timeout in milliseconds. */
export const DEFAULT_TIMEOUT_MS = 15_000

/** Creates an API client: JSON in and out, cookies included, every failure an {@link ApiError}. */
export function createApiClient(options: ApiClientOptions = {}): ApiClient {
  const baseUrl = (options.baseUrl ?? import.meta.env.VITE_API_BASE_URL ?? '').replace(/\/+$/, '')
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS
  // Looked up per call, unbound: a stored `window.fetch` throws "Illegal invocation" in browsers.
  const fetchFn = options.fetch ?? ((input, init) => globalThis.fetch(input, init))
  const createRequestId = options.createRequestId ?? (() => crypto.randomUUID())
  const interceptors: RequestInterceptor[] = []
  const listeners: ResponseListener[] = []
  let unauthorized: UnauthorizedHandler | undefined

  async function send<T>(path: string, opts: ApiRequestOptions<T>, attempt: number): Promise<T> {
    const headers = new Headers(opts.headers)
    if (!headers.has('Accept')) headers.set('Accept', 'application/json')
    if (opts.rawBody) headers.set('Content-Type', opts.rawBody.type)
    else if (opts.body !== undefined) headers.set('Content-Type', 'application/json')
    headers.set('X-Request-ID', createRequestId())
    const request: ApiRequest = {
      method: (opts.method ?? 'GET').toUpperCase(),
      path: withQuery(path, opts.query),
      headers,
      attempt,
    }
    for (const interceptor of [...interceptors]) await interceptor(request)
    const requestId = headers.get('X-Request-ID') ?? undefined
    const started = performance.now()
    // Nothing to do (and no clock read) for a client nobody observes.
    const notify = (status: number, id: string | undefined, code?: string) => {
      if (listeners.length === 0) return
      const event: ApiResponseEvent = {
        method: request.method,
        path: request.path,
        status,
        durationMs: Math.round(performance.now() - started),
        requestId: id,
        attempt,
        ...(code === undefined ? {} : { code }),
      }
      for (const listener of [...listeners]) {
        try {
          listener(event)
        } catch {
          // An observer never breaks a request.
        }
      }
    }

    const timeout = AbortSignal.timeout(opts.timeoutMs ?? timeoutMs)
    const signal = opts.signal ? AbortSignal.any([opts.signal, timeout]) : timeout
    let response: Response
    let text: string
    try {
      response = await fetchFn(`${baseUrl}${request.path}`, {
        method: request.method,
        headers,
        body: opts.rawBody
          ? opts.rawBody.text
          : opts.body === undefined
            ? undefined
            : JSON.stringify(opts.body),
        credentials: 'include',
        signal,
      })
      text = await response.text()
    } catch (cause) {
      if (opts.signal?.aborted) {
        notify(0, requestId, 'ABORTED')
        throw opts.signal.reason
      }
      const init: ApiErrorInit = timeout.aborted
        ? {
            status: 0,
            code: 'TIMEOUT',
            message: `No response within ${opts.timeoutMs ?? timeoutMs} ms.`,
            requestId,
          }
        : {
            status: 0,
            code: 'NETWORK_ERROR',
            message: 'The server could not be reached.',
            requestId,
          }
      notify(0, requestId, init.code)
      throw new ApiError(init, { cause })
    }

    const responseId = response.headers.get('X-Request-ID') ?? requestId
    if (!response.ok) {
      const error = parseErrorResponse(response, text, responseId)
      notify(response.status, error.requestId, error.code)
      if (response.status === 401 && attempt === 1 && unauthorized) {
        const retry = await Promise.resolve(unauthorized(error, request)).catch(() => false)
        if (retry) return send(path, opts, attempt + 1)
      }
      throw error
    }
    notify(response.status, responseId)
    if (opts.responseType === 'text') return text as T
    if (text === '') return undefined as T
    try {
      const data: unknown = JSON.parse(text)
      return opts.schema ? opts.schema.parse(data) : (data as T)
    } catch (cause) {
      throw new ApiError(
        {
          status: response.status,
          code: 'INVALID_RESPONSE',
          message: 'The server sent an unexpected response.',
          requestId: responseId,
        },
        { cause },
      )
    }
  }

  const withBody =
    (method: string) =>
    <T>(path: string, body?: unknown, opts: ApiMethodOptions<T> = {}) =>
      send<T>(path, { ...opts, method, body }, 1)

  return {
    baseUrl,
    request: (path, opts = {}) => send(path, opts, 1),
    get: (path, opts = {}) => send(path, { ...opts, method: 'GET' }, 1),
    post: withBody('POST'),
    put: withBody('PUT'),
    patch: withBody('PATCH'),
    delete: (path, opts = {}) => send(path, { ...opts, method: 'DELETE' }, 1),
    addRequestInterceptor(interceptor) {
      interceptors.push(interceptor)
      return () => {
        const index = interceptors.indexOf(interceptor)
        if (index >= 0) interceptors.splice(index, 1)
      }
    },
    addResponseListener(listener) {
      listeners.push(listener)
      return () => {
        const index = listeners.indexOf(listener)
        if (index >= 0) listeners.splice(index, 1)
      }
    },
    onUnauthorized(handler) {
      unauthorized = handler
      return () => {
        if (unauthorized === handler) unauthorized = undefined
      }
    },
  }
}

function withQuery(path: string, query: ApiRequestOptions['query']): string {
  if (!query) return path
  const params = new URLSearchParams()
  for (const [key, value] of Object.entries(query)) {
    if (value !== undefined) params.append(key, String(value))
  }
  const search = params.toString()
  return search === '' ? path : `${path}${path.includes('?') ? '&' : '?'}${search}`
}

/** Turns an error response into an ApiError, whether or not its body has the platform's shape. */
function parseErrorResponse(
  response: Response,
  text: string,
  requestId: string | undefined,
): ApiError {
  let body: unknown
  try {
    body = JSON.parse(text)
  } catch {
    body = undefined
  }
  if (isApiErrorBody(body)) {
    return new ApiError({
      status: response.status,
      code: body.code,
      message: body.error,
      requestId: body.requestId || requestId,
      details: body.details,
    })
  }
  const statusText = response.statusText ? ` ${response.statusText}` : ''
  return new ApiError({
    status: response.status,
    code: codeForHttpStatus(response.status),
    message: `The server answered HTTP ${response.status}${statusText}.`,
    requestId,
  })
}

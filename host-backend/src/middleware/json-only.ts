import type { MiddlewareHandler } from 'hono'
import { AppError } from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'

const UNSAFE = new Set(['POST', 'PUT', 'PATCH', 'DELETE'])
const JSON_TYPE = /^application\/(?:[\w.+-]+\+)?json\s*(?:;|$)/i

/**
 * Before the routers: an `/api` request that carries a body must say it is JSON. Form-like
 * content types are how cross-site forms reach an API, so they are refused outright.
 */
export function jsonOnly(): MiddlewareHandler {
  return function jsonOnlyMiddleware(c, next) {
    if (UNSAFE.has(c.req.method) && c.req.path.startsWith('/api/')) {
      const hasBody =
        c.req.header('content-length') !== '0' &&
        (c.req.header('content-length') !== undefined ||
          c.req.header('transfer-encoding') !== undefined)
      const type = c.req.header('content-type')
      if ((hasBody || type) && !JSON_TYPE.test(type ?? '')) {
        throw new AppError(
          415,
          CoreErrorCode.UNSUPPORTED_MEDIA_TYPE,
          'Send the request body as application/json.',
        )
      }
    }
    return next()
  }
}

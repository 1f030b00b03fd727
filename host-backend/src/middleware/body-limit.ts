import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { AppError } from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'

/**
 * Step 4: rejects bodies above `maxBytes` with 413, whether sized by `Content-Length` or sent
 * chunked (Hono ≥ 4.12.16 counts streamed bytes; a test proves it for our version).
 * A GET, HEAD or OPTIONS with neither `Content-Length` nor `Transfer-Encoding` has no body
 * (RFC 9112 §6.3), so it skips the check: Hono's check reads `request.body`, which makes the Node
 * adapter build a full `Request` for every GET (measured: the largest single cost of the stack).
 * Other methods are always checked (an in-process Request has no Content-Length header).
 * @default maxBytes 1048576
 */
export function bodyLimit(maxBytes = 1024 * 1024): MiddlewareHandler {
  const limit = honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, CoreErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than ${maxBytes} bytes.`, { maxBytes })
    },
  })
  const bodiless = new Set(['GET', 'HEAD', 'OPTIONS'])
  return async function bodyLimitMiddleware(c, next) {
    const headers = c.req.raw.headers
    if (bodiless.has(c.req.method) && !headers.has('content-length') && !headers.has('transfer-encoding')) return next()
    return limit(c, next)
  }
}

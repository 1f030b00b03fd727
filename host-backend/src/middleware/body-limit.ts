import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { AppError } from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { requestHeader } from './fast-header.ts'

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
      throw new AppError(
        413,
        CoreErrorCode.PAYLOAD_TOO_LARGE,
        `The request body is larger than ${maxBytes} bytes.`,
        { maxBytes },
      )
    },
  })
  const bodiless = new Set(['GET', 'HEAD', 'OPTIONS'])
  return function bodyLimitMiddleware(c, next) {
    if (
      bodiless.has(c.req.method) &&
      requestHeader(c, 'content-length') === undefined &&
      requestHeader(c, 'transfer-encoding') === undefined
    )
      return next()
    return limit(c, next)
  }
}

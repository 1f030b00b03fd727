import type { MiddlewareHandler } from 'hono'
import { bodyLimit as honoBodyLimit } from 'hono/body-limit'
import { AppError } from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'

/**
 * Step 4: rejects bodies above `maxBytes` with 413, whether sized by `Content-Length` or sent
 * chunked (Hono ≥ 4.12.16 counts streamed bytes; a test proves it for our version).
 * @default maxBytes 1048576
 */
export function bodyLimit(maxBytes = 1024 * 1024): MiddlewareHandler {
  return honoBodyLimit({
    maxSize: maxBytes,
    onError: () => {
      throw new AppError(413, CoreErrorCode.PAYLOAD_TOO_LARGE, `The request body is larger than ${maxBytes} bytes.`, { maxBytes })
    },
  })
}

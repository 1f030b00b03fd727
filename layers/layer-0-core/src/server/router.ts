import { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from './env.ts'
import { validationError } from './app-error.ts'

/**
 * Creates a layer router whose zod validation failures become 400 `VALIDATION_FAILED` errors in
 * the platform's shape. Routes declared with `createRoute` appear in `/api/openapi.json`.
 */
export const createRouter = () =>
  new OpenAPIHono<AppEnv>({
    defaultHook: (result) => {
      if (!result.success)
        throw validationError(result.error, result.target === 'json' ? 'body' : result.target)
    },
  })

export type LayerRouter = ReturnType<typeof createRouter>

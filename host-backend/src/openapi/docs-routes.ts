import { readFile } from 'node:fs/promises'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import type { OpenAPIHono } from '@hono/zod-openapi'
import type { AppEnv } from '@stratum/layer-core/server'
import { AppError } from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'

const ASSETS: Record<string, string> = {
  'swagger-ui.css': 'text/css; charset=utf-8',
  'swagger-ui-bundle.js': 'text/javascript; charset=utf-8',
  'swagger-ui-standalone-preset.js': 'text/javascript; charset=utf-8',
}

// The page loads only same-origin files, so the strict CSP (no inline script) holds here too.
const PAGE = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Stratum API</title>
<link rel="stylesheet" href="/api/docs/assets/swagger-ui.css"></head>
<body><div id="swagger-ui"></div>
<script src="/api/docs/assets/swagger-ui-bundle.js"></script>
<script src="/api/docs/assets/init.js"></script></body></html>`

const INIT = `window.ui = SwaggerUIBundle({ url: '/api/openapi.json', dom_id: '#swagger-ui', deepLinking: true })`

const swaggerDir = () =>
  dirname(createRequire(import.meta.url).resolve('swagger-ui-dist/package.json'))

/**
 * `/api/openapi.json` (OpenAPI 3.1, generated from every mounted route's zod schemas) and
 * `/api/docs`, a self-hosted Swagger UI that works offline.
 */
export function mountDocs(
  app: OpenAPIHono<AppEnv>,
  info: { title: string; version: string },
): void {
  let document: unknown
  const cache = new Map<string, string>()

  app.get('/api/openapi.json', (c) => {
    document ??= app.getOpenAPI31Document({
      openapi: '3.1.0',
      info: { ...info, description: 'Generated from the zod schemas of every enabled layer.' },
    })
    return c.json(document as object)
  })
  app.get('/api/docs', (c) => c.html(PAGE))
  app.get('/api/docs/assets/:file', async (c) => {
    const file = c.req.param('file')
    if (file === 'init.js')
      return c.body(INIT, 200, { 'Content-Type': 'text/javascript; charset=utf-8' })
    const type = ASSETS[file]
    if (!type) throw new AppError(404, CoreErrorCode.NOT_FOUND, `No docs asset named ${file}.`)
    let body = cache.get(file)
    if (body === undefined) {
      body = await readFile(join(swaggerDir(), file), 'utf8')
      cache.set(file, body)
    }
    return c.body(body, 200, { 'Content-Type': type, 'Cache-Control': 'public, max-age=86400' })
  })

  app.openAPIRegistry.registerComponent('securitySchemes', 'bearerAuth', {
    type: 'http',
    scheme: 'bearer',
    bearerFormat: 'JWT',
  })
  app.openAPIRegistry.registerComponent('securitySchemes', 'cookieAuth', {
    type: 'apiKey',
    in: 'cookie',
    name: 'stratum_at',
  })
  for (const path of ['/api/openapi.json', '/api/docs']) {
    app.openAPIRegistry.registerPath({
      method: 'get',
      path,
      tags: ['core'],
      summary: path.endsWith('json')
        ? 'This OpenAPI 3.1 document'
        : 'Interactive API documentation',
      responses: { 200: { description: 'OK' } },
    })
  }
}

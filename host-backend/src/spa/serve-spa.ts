import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'
import type { MiddlewareHandler } from 'hono'

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
}

interface StaticFile {
  body: Uint8Array
  type: string
  etag: string
  immutable: boolean
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

/**
 * Serves the built SPA from memory: hashed files under `/assets/` are immutable for a year,
 * `index.html` is revalidated every time, and unknown paths without an extension fall back to
 * `index.html` so client-side routes survive a reload. `/api` and `/health` are never touched.
 */
export async function serveSpa(dir: string): Promise<MiddlewareHandler> {
  const files = new Map<string, StaticFile>()
  for (const path of await listFiles(dir)) {
    const urlPath = `/${relative(dir, path).split(sep).join('/')}`
    if (urlPath.startsWith('/.')) continue
    const body = new Uint8Array(await readFile(path))
    files.set(urlPath, {
      body,
      type: TYPES[extname(path)] ?? 'application/octet-stream',
      etag: `"${createHash('sha1').update(body).digest('base64url')}"`,
      immutable: urlPath.startsWith('/assets/'),
    })
  }
  const index = files.get('/index.html')
  if (!index) throw new Error(`SPA_DIR ${dir} has no index.html; build the SPA first.`)

  return async function serveSpaMiddleware(c, next) {
    const path = c.req.path
    if (
      (c.req.method !== 'GET' && c.req.method !== 'HEAD') ||
      path.startsWith('/api/') ||
      path === '/api' ||
      path.startsWith('/health')
    ) {
      return next()
    }
    const file = files.get(path) ?? (extname(path) === '' ? index : undefined)
    if (!file) return next()
    if (c.req.header('if-none-match') === file.etag) return c.body(null, 304, { ETag: file.etag })
    return c.body(file.body as Uint8Array<ArrayBuffer>, 200, {
      'Content-Type': file.type,
      ETag: file.etag,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    })
  }
}

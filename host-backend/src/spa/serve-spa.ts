import { createHash } from 'node:crypto'
import { readdir, readFile } from 'node:fs/promises'
import { extname, join, relative, sep } from 'node:path'
import type { MiddlewareHandler } from 'hono'
import { pickEncoding, type ContentEncoding } from './accept-encoding.ts'

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

/** Extensions of the precompressed copies the build writes next to a file. */
const ENCODED: Record<ContentEncoding, string> = { br: '.br', gzip: '.gz' }

interface Body {
  bytes: Uint8Array<ArrayBuffer>
  etag: string
}

interface StaticFile {
  type: string
  immutable: boolean
  identity: Body
  /** Precompressed copies found next to the file (`app.js.br`, `app.js.gz`). */
  encoded: Partial<Record<ContentEncoding, Body>>
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true })
  return entries.filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
}

const bodyOf = (bytes: Uint8Array<ArrayBuffer>, suffix = ''): Body => ({
  bytes,
  etag: `"${createHash('sha1').update(bytes).digest('base64url')}${suffix}"`,
})

async function loadFiles(dir: string): Promise<Map<string, StaticFile>> {
  const paths = await listFiles(dir)
  const present = new Set(paths)
  const files = new Map<string, StaticFile>()
  for (const path of paths) {
    const urlPath = `/${relative(dir, path).split(sep).join('/')}`
    if (urlPath.startsWith('/.')) continue
    // A precompressed copy is served in place of its original, never under its own name.
    if (
      Object.values(ENCODED).some(
        (ext) => path.endsWith(ext) && present.has(path.slice(0, -ext.length)),
      )
    )
      continue
    const encoded: StaticFile['encoded'] = {}
    for (const [encoding, ext] of Object.entries(ENCODED) as [ContentEncoding, string][]) {
      if (present.has(path + ext)) {
        encoded[encoding] = bodyOf(new Uint8Array(await readFile(path + ext)), `-${encoding}`)
      }
    }
    files.set(urlPath, {
      type: TYPES[extname(path)] ?? 'application/octet-stream',
      immutable: urlPath.startsWith('/assets/'),
      identity: bodyOf(new Uint8Array(await readFile(path))),
      encoded,
    })
  }
  return files
}

/**
 * Serves the built SPA from memory: hashed files under `/assets/` are immutable for a year,
 * `index.html` is revalidated every time, and unknown paths without an extension fall back to
 * `index.html` so client-side routes survive a reload. A file the build precompressed
 * (`<file>.br`, `<file>.gz`) is sent in the best encoding the request accepts, with
 * `Vary: Accept-Encoding` so caches keep the encodings apart. `/api` and `/health` are never
 * touched.
 */
export async function serveSpa(dir: string): Promise<MiddlewareHandler> {
  const files = await loadFiles(dir)
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
    const encodings = Object.keys(file.encoded) as ContentEncoding[]
    const encoding = pickEncoding(c.req.header('accept-encoding'), encodings)
    const body = encoding ? file.encoded[encoding]! : file.identity
    const headers: Record<string, string> = {
      ETag: body.etag,
      'Cache-Control': file.immutable ? 'public, max-age=31536000, immutable' : 'no-cache',
    }
    if (encodings.length > 0) headers.Vary = 'Accept-Encoding'
    if (c.req.header('if-none-match') === body.etag) return c.body(null, 304, headers)
    headers['Content-Type'] = file.type
    if (encoding) headers['Content-Encoding'] = encoding
    return c.body(body.bytes, 200, headers)
  }
}

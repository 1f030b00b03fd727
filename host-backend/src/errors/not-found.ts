import type { Context, NotFoundHandler } from 'hono'
import { AppError } from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { errorResponse } from './error-handler.ts'

interface RouteLike {
  method: string
  path: string
}

/** Turns a Hono path (`/api/x/:id{[0-9]+}/*`) into a regular expression for the whole path. */
export function pathPattern(path: string): RegExp {
  const source = path
    .split('/')
    .map((segment) => {
      if (segment === '*') return '.*'
      const param = /^:\w+(?:\{(.+)\})?(\?)?$/.exec(segment)
      if (param) return `(?:${param[1] ?? '[^/]+'})${param[2] ?? ''}`
      return segment.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
    })
    .join('/')
  return new RegExp(`^${source}/?$`)
}

/**
 * 404 for unknown paths, 405 with `Allow` when the path exists for other methods: Hono itself
 * answers both with a plain 404.
 */
export function notFoundHandler(routes: () => readonly RouteLike[]): NotFoundHandler {
  let table: Array<{ method: string; pattern: RegExp }> | undefined
  return function handleNotFound(c: Context) {
    table ??= routes()
      .filter((r) => r.method !== 'ALL')
      .map((r) => ({ method: r.method, pattern: pathPattern(r.path) }))
    const allowed = [
      ...new Set(table.filter((r) => r.pattern.test(c.req.path)).map((r) => r.method)),
    ]
    if (allowed.length > 0) {
      if (allowed.includes('GET')) allowed.push('HEAD')
      return errorResponse(
        c,
        new AppError(
          405,
          CoreErrorCode.METHOD_NOT_ALLOWED,
          `${c.req.method} is not allowed on ${c.req.path}; use ${allowed.join(', ')}.`,
          { allowed },
          { Allow: allowed.join(', ') },
        ),
      )
    }
    return errorResponse(
      c,
      new AppError(404, CoreErrorCode.NOT_FOUND, `Nothing is at ${c.req.path}.`),
    )
  }
}

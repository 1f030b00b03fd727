import type { Context, MiddlewareHandler, Next } from 'hono'
import { AppError, CacheUnavailableError, type CacheStore } from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { setResponseHeader } from './fast-header.ts'

export interface RateLimitOptions {
  cache: CacheStore
  /** Requests allowed per window and client. @default 600 */
  max?: number
  /** @default 60000 */
  windowMs?: number
  /** Paths that skip the limit (liveness must answer even when the cache is down). @default ['/health', '/health/ready'] */
  skipPaths?: readonly string[]
}

/**
 * Step 6: a fixed-window limit per client IP, counted in the cache store so every replica shares
 * it. When the cache is down the request is refused with 503: the limit is never skipped.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { cache, max = 600, windowMs = 60_000 } = options
  const skip = new Set(options.skipPaths ?? ['/health', '/health/ready'])
  return function rateLimitMiddleware(c, next) {
    return skip.has(c.req.path) ? next() : limit(c, next)
  }

  async function limit(c: Context, next: Next): Promise<void> {
    const window = Math.floor(Date.now() / windowMs)
    let state
    try {
      state = await cache.increment(`rl:global:${c.get('clientIp')}:${window}`, windowMs)
    } catch (error) {
      if (error instanceof CacheUnavailableError) {
        throw new AppError(
          503,
          CoreErrorCode.CACHE_UNAVAILABLE,
          'The rate limiter is unavailable; try again shortly.',
          undefined,
          { 'Retry-After': '5' },
        )
      }
      throw error
    }
    const remaining = Math.max(0, max - state.count)
    const resetSeconds = Math.max(1, Math.ceil(state.ttlMs / 1000))
    if (state.count > max) {
      throw new AppError(
        429,
        CoreErrorCode.RATE_LIMITED,
        `Too many requests; try again in ${resetSeconds} s.`,
        { limit: max, windowMs, retryAfterSeconds: resetSeconds },
        {
          'Retry-After': String(resetSeconds),
          'RateLimit-Limit': String(max),
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': String(resetSeconds),
        },
      )
    }
    await next()
    setResponseHeader(c, 'RateLimit-Limit', String(max))
    setResponseHeader(c, 'RateLimit-Remaining', String(remaining))
    setResponseHeader(c, 'RateLimit-Reset', String(resetSeconds))
  }
}

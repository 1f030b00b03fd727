import type { Context, MiddlewareHandler, Next } from 'hono'
import type { Logger } from 'winston'
import { AppError, CacheUnavailableError, type CacheStore } from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { setResponseHeader } from './fast-header.ts'
import { LocalWindowCounter } from './local-window-counter.ts'

export interface RateLimitOptions {
  cache: CacheStore
  /** Requests allowed per window and client. @default 600 */
  max?: number
  /** @default 60000 */
  windowMs?: number
  /** Paths that skip the limit (liveness must answer even when the cache is down). @default ['/health', '/health/ready'] */
  skipPaths?: readonly string[]
  /** Clients the in-process fallback counts at once; beyond it the oldest is forgotten. @default 10000 */
  fallbackClients?: number
  /** Hears when the limit falls back to this process and when it is shared again. @default undefined */
  logger?: Logger | undefined
}

/**
 * Step 6: a fixed-window limit per client IP, counted in the cache store so every replica shares
 * it. While the cache is down each process counts on its own (same limit and window, bounded in
 * memory): the limit is never skipped, and the API keeps serving. Sign-in keeps its own counters,
 * which fail closed.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { cache, max = 600, windowMs = 60_000, logger } = options
  const skip = new Set(options.skipPaths ?? ['/health', '/health/ready'])
  const local = new LocalWindowCounter(options.fallbackClients ?? 10_000)
  let outage = false
  return function rateLimitMiddleware(c, next) {
    return skip.has(c.req.path) ? next() : limit(c, next)
  }

  async function count(key: string) {
    try {
      const state = await cache.increment(key, windowMs)
      if (outage) logger?.info('Global rate limit: the cache answers again; counting is shared')
      outage = false
      return state
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error
      if (!outage)
        logger?.warn(
          'Global rate limit: the cache is unavailable; each process counts on its own until it returns',
          { error: error.message },
        )
      outage = true
      return local.increment(key, windowMs)
    }
  }

  async function limit(c: Context, next: Next): Promise<void> {
    const window = Math.floor(Date.now() / windowMs)
    const state = await count(`rl:global:${c.get('clientIp')}:${window}`)
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

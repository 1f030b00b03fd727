import type { Context, MiddlewareHandler, Next } from 'hono'
import type { Logger } from 'winston'
import {
  AppError,
  CacheUnavailableError,
  type CacheStore,
  type CounterState,
} from '@stratum/layer-core/server'
import { CoreErrorCode } from '@stratum/layer-core/shared'
import { setResponseHeader } from './fast-header.ts'
import { LocalWindowCounter } from './local-window-counter.ts'
import { accessTokenOf, sessionKey } from './session-key.ts'

export interface RateLimitOptions {
  cache: CacheStore
  /**
   * Requests allowed per window for one session (the access token the request carries), or for
   * one client IP's requests that carry none. @default 600
   */
  max?: number
  /**
   * Requests allowed per window from one client IP, whatever they carry: room for many people
   * behind one address (an office NAT), and a ceiling for a client that makes up tokens to get
   * fresh session counters. @default 6000
   */
  ipMax?: number
  /** @default 60000 */
  windowMs?: number
  /** Paths that skip the limit (liveness must answer even when the cache is down). @default ['/health', '/health/ready'] */
  skipPaths?: readonly string[]
  /** Clients the in-process fallback counts at once; beyond it the oldest is forgotten. @default 10000 */
  fallbackClients?: number
  /** Hears when the limit falls back to this process and when it is shared again. @default undefined */
  logger?: Logger | undefined
}

interface Check {
  limit: number
  state: CounterState
}

/**
 * Step 6: fixed-window limits counted in the cache store so every replica shares them, with one
 * command per request. Each request counts twice: once for its session (keyed by a hash of its access token, checked
 * later by the auth layer) or, without a token, for its client IP against `max`; and once for
 * its client IP against the higher `ipMax`. While the cache is down each process counts on its
 * own (same limits and window, bounded in memory): the limit is never skipped, and the API keeps
 * serving. Sign-in keeps its own counters, which fail closed.
 */
export function rateLimit(options: RateLimitOptions): MiddlewareHandler {
  const { cache, max = 600, ipMax = 6000, windowMs = 60_000, logger } = options
  const skip = new Set(options.skipPaths ?? ['/health', '/health/ready'])
  const local = new LocalWindowCounter(options.fallbackClients ?? 10_000)
  let outage = false
  return function rateLimitMiddleware(c, next) {
    return skip.has(c.req.path) ? next() : limit(c, next)
  }

  /** Both counters in one cache round trip; in this process while the cache is down. */
  async function count(keys: [string, string]): Promise<CounterState[]> {
    try {
      const states = await cache.incrementEach(keys, windowMs)
      if (outage) logger?.info('Global rate limit: the cache answers again; counting is shared')
      outage = false
      return states
    } catch (error) {
      if (!(error instanceof CacheUnavailableError)) throw error
      if (!outage)
        logger?.warn(
          'Global rate limit: the cache is unavailable; each process counts on its own until it returns',
          { error: error.message },
        )
      outage = true
      return keys.map((key) => local.increment(key, windowMs))
    }
  }

  async function limit(c: Context, next: Next): Promise<void> {
    const window = Math.floor(Date.now() / windowMs)
    const ip: string = c.get('clientIp')
    const token = accessTokenOf(c)
    const own = token ? `rl:session:${sessionKey(token)}` : `rl:anonymous:${ip}`
    const [session, address] = (await count([`${own}:${window}`, `rl:global:${ip}:${window}`])) as [
      CounterState,
      CounterState,
    ]
    // The binding limit is the one with the fewest requests left.
    const checks: Check[] = [
      { limit: max, state: session },
      { limit: ipMax, state: address },
    ]
    const tightest = checks.reduce((a, b) =>
      b.limit - b.state.count < a.limit - a.state.count ? b : a,
    )
    const resetSeconds = Math.max(1, Math.ceil(tightest.state.ttlMs / 1000))
    if (tightest.state.count > tightest.limit) {
      const scope = tightest === checks[0] ? (token ? 'session' : 'anonymous') : 'address'
      throw new AppError(
        429,
        CoreErrorCode.RATE_LIMITED,
        `Too many requests; try again in ${resetSeconds} s.`,
        { limit: tightest.limit, windowMs, retryAfterSeconds: resetSeconds, scope },
        {
          'Retry-After': String(resetSeconds),
          'RateLimit-Limit': String(tightest.limit),
          'RateLimit-Remaining': '0',
          'RateLimit-Reset': String(resetSeconds),
        },
      )
    }
    await next()
    const remaining = Math.max(0, tightest.limit - tightest.state.count)
    setResponseHeader(c, 'RateLimit-Limit', String(tightest.limit))
    setResponseHeader(c, 'RateLimit-Remaining', String(remaining))
    setResponseHeader(c, 'RateLimit-Reset', String(resetSeconds))
  }
}

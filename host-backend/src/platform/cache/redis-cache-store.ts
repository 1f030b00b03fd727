import { CacheUnavailableError } from '@stratum/layer-core/server'
import type { CacheStore, CounterState } from '@stratum/layer-core/server'
import { Redis } from 'ioredis'
import type { Logger } from 'winston'
import { withTimeout } from '../timeout.ts'
import { toTtlMs } from './ttl.ts'

/** Options of {@link RedisCacheStore}. */
export interface RedisCacheStoreOptions {
  /** Put before every key, so several apps can share one Redis. @default 'stratum:' */
  prefix?: string
  /** Last-resort bound on any one command, whatever state the client is in. @default 500 */
  commandTimeoutMs?: number
  /** Bound on opening the TCP connection. @default 1000 */
  connectTimeoutMs?: number
}

// Creates each counter with its expiry only when absent, so later increments never extend the
// window; a counter somehow left without expiry gets one rather than blocking a client forever.
// Every key is checked first, so a key that holds no integer fails the script before any write.
// Answers count and TTL of each key in turn.
const INCREMENT_LUA = `
for _, key in ipairs(KEYS) do
  local value = redis.call('GET', key)
  if value and not string.match(value, '^-?%d+$') then
    return redis.error_reply('ERR the value at ' .. key .. ' is not an integer counter')
  end
end
local out = {}
for _, key in ipairs(KEYS) do
  redis.call('SET', key, 0, 'NX', 'PX', ARGV[2])
  local count = redis.call('INCRBY', key, ARGV[1])
  local ttl = redis.call('PTTL', key)
  if ttl < 0 then
    redis.call('PEXPIRE', key, ARGV[2])
    ttl = tonumber(ARGV[2])
  end
  out[#out + 1] = count
  out[#out + 1] = ttl
end
return out`

type CounterClient = Redis & {
  /** `keyCount` keys, then `by` and the TTL in ms. */
  stratumIncrement(keyCount: number, ...args: Array<string | number>): Promise<number[]>
}

/**
 * {@link CacheStore} over Redis. Commands never queue while Redis is away: each one rejects with
 * `CacheUnavailableError` at once (or after `commandTimeoutMs` at worst) while the client keeps
 * reconnecting in the background.
 */
export class RedisCacheStore implements CacheStore {
  readonly kind = 'redis'
  readonly #redis: CounterClient
  readonly #prefix: string
  readonly #timeoutMs: number
  readonly #connectTimeoutMs: number
  #outage = false

  constructor(
    url: string,
    private readonly logger: Logger,
    options: RedisCacheStoreOptions = {},
  ) {
    this.#prefix = options.prefix ?? 'stratum:'
    this.#timeoutMs = options.commandTimeoutMs ?? 500
    this.#connectTimeoutMs = options.connectTimeoutMs ?? 1000
    this.#redis = new Redis(url, {
      lazyConnect: true,
      // A queued command waits for a Redis that may never return: fail fast instead.
      enableOfflineQueue: false,
      maxRetriesPerRequest: 1,
      connectTimeout: this.#connectTimeoutMs,
      // A Redis that accepts but stops answering (hung, or a half-open socket) would otherwise be
      // waited on forever; this drops the socket and lets the reconnect strategy take over.
      socketTimeout: this.#connectTimeoutMs,
      // Never give up: the app keeps serving (degraded) and recovers when Redis is back.
      retryStrategy: (attempt) => Math.min(attempt * 100, 2000),
    }) as CounterClient
    // No numberOfKeys: each call passes its key count first, as EVALSHA takes it.
    this.#redis.defineCommand('stratumIncrement', { lua: INCREMENT_LUA })
    // Without a listener an 'error' event would crash the process; log once per outage, since
    // every reconnect attempt repeats the error.
    this.#redis.on('error', (error: Error) => {
      if (this.#outage) return void this.logger.debug('Redis still unreachable', { error })
      this.#outage = true
      this.logger.error(`Redis is unreachable; cache calls fail until it returns: ${error.message}`)
    })
    this.#redis.on('ready', () => {
      if (this.#outage) this.logger.info('Redis is reachable again')
      this.#outage = false
    })
  }

  /** Opens the connection; on failure logs and leaves the client reconnecting in the background. */
  async connect(): Promise<void> {
    try {
      // Bounded as well: the ready check can wait on a server that accepted and went silent.
      await withTimeout(this.#redis.connect(), this.#connectTimeoutMs * 2, () => {
        return new Error(`no ready reply within ${this.#connectTimeoutMs * 2} ms`)
      })
    } catch (error) {
      this.logger.warn('Redis did not answer at start-up; retrying in the background', { error })
    }
  }

  async get(key: string): Promise<string | undefined> {
    return this.#run(async (redis) => (await redis.get(this.#prefix + key)) ?? undefined)
  }

  async set(key: string, value: string, ttlMs: number): Promise<void> {
    const px = toTtlMs(ttlMs)
    return this.#run(async (redis) => void (await redis.set(this.#prefix + key, value, 'PX', px)))
  }

  async delete(...keys: string[]): Promise<number> {
    if (keys.length === 0) return 0
    return this.#run((redis) => redis.del(...keys.map((key) => this.#prefix + key)))
  }

  async increment(key: string, ttlMs: number, by = 1): Promise<CounterState> {
    const px = toTtlMs(ttlMs)
    return this.#run(async (redis) => {
      const [count = 0, remaining = 0] = await redis.stratumIncrement(1, this.#prefix + key, by, px)
      return { count, ttlMs: remaining }
    })
  }

  async incrementEach(keys: readonly string[], ttlMs: number): Promise<CounterState[]> {
    const px = toTtlMs(ttlMs)
    if (keys.length === 0) return []
    return this.#run(async (redis) => {
      const prefixed = keys.map((key) => this.#prefix + key)
      const flat = await redis.stratumIncrement(prefixed.length, ...prefixed, 1, px)
      return keys.map((_, i) => ({ count: flat[2 * i] ?? 0, ttlMs: flat[2 * i + 1] ?? 0 }))
    })
  }

  async ping(): Promise<void> {
    return this.#run(async (redis) => void (await redis.ping()))
  }

  async close(): Promise<void> {
    if (this.#redis.status !== 'ready') return this.#redis.disconnect()
    await withTimeout(this.#redis.quit(), this.#timeoutMs, () => new Error('quit timed out')).catch(
      () => this.#redis.disconnect(),
    )
  }

  // Every failure becomes CacheUnavailableError (cause kept): callers handle one error type and
  // decide to fail open or closed, whether the socket is down or Redis refused the command.
  async #run<T>(command: (redis: CounterClient) => Promise<T>): Promise<T> {
    const unavailable = (cause?: unknown) =>
      new CacheUnavailableError(`Redis did not answer: ${describe(cause)}`, { cause })
    try {
      return await withTimeout(command(this.#redis), this.#timeoutMs, () =>
        unavailable(new Error(`no reply within ${this.#timeoutMs} ms`)),
      )
    } catch (error) {
      throw error instanceof CacheUnavailableError ? error : unavailable(error)
    }
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

/** Creates a {@link RedisCacheStore} and waits for its first connection attempt. */
export async function createRedisCacheStore(
  url: string,
  logger: Logger,
  options: RedisCacheStoreOptions = {},
): Promise<RedisCacheStore> {
  const store = new RedisCacheStore(url, logger, options)
  await store.connect()
  return store
}

import { createServer } from 'node:net'
import type { Server, Socket } from 'node:net'
import { CacheUnavailableError } from '@stratum/layer-core/server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { captureLogger } from '../../../test/support/logger.ts'
import { createRedisCacheStore } from './redis-cache-store.ts'
import type { RedisCacheStore } from './redis-cache-store.ts'

// Nothing listens on this port on the test machines.
const DEAD_URL = 'redis://127.0.0.1:6390'

async function timed(promise: Promise<unknown>): Promise<{ error: unknown; ms: number }> {
  const started = performance.now()
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  )
  return { error, ms: performance.now() - started }
}

/**
 * A fake Redis that completes the handshake, then never answers `silentCommand`: the shape of a
 * hung server or a half-open socket.
 */
const INFO = 'redis_version:7.0.0\r\nloading:0\r\n'

async function startHangingRedis(
  silentCommand: string | undefined,
): Promise<Server & { url: string }> {
  const sockets = new Set<Socket>()
  const server = createServer((socket) => {
    sockets.add(socket)
    socket.on('close', () => sockets.delete(socket))
    socket.on('data', (chunk) => {
      // Commands arrive as RESP arrays; the first bulk string of each is the command name.
      for (const match of chunk.toString().matchAll(/\*\d+\r\n\$\d+\r\n([^\r]+)\r\n/g)) {
        const name = match[1]?.toLowerCase()
        if (name === silentCommand) continue
        socket.write(name === 'info' ? `$${INFO.length}\r\n${INFO}\r\n` : '+OK\r\n')
      }
    })
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as { port: number }
  const close = server.close.bind(server)
  return Object.assign(server, {
    url: `redis://127.0.0.1:${port}`,
    close: (done?: (error?: Error) => void) => {
      for (const socket of sockets) socket.destroy()
      return close(done)
    },
  })
}

describe('RedisCacheStore when nothing listens', () => {
  const { logger, entries } = captureLogger()
  let store: RedisCacheStore
  beforeAll(async () => {
    store = await createRedisCacheStore(DEAD_URL, logger)
  })
  afterAll(() => store.close())

  it.each([
    ['get', () => store.get('k')],
    ['increment', () => store.increment('k', 1000)],
    ['ping', () => store.ping()],
    ['set', () => store.set('k', 'v', 1000)],
  ])('%s rejects with CacheUnavailableError within 1000 ms', async (_name, call) => {
    const { error, ms } = await timed(call())
    expect(error).toBeInstanceOf(CacheUnavailableError)
    expect(ms).toBeLessThan(1000)
  })

  it('logs the outage once as an error instead of crashing', () => {
    const errors = entries.filter((entry) => entry.level === 'error')
    expect(errors).toHaveLength(1)
    expect(errors[0]?.message).toMatch(/Redis is unreachable/)
  })
})

describe('RedisCacheStore when Redis stops answering', () => {
  it('starts within the connect bound when the handshake never completes', async () => {
    const server = await startHangingRedis('info')
    const { ms, error } = await timed(createRedisCacheStore(server.url, captureLogger().logger))
    expect(error).toBeUndefined()
    expect(ms).toBeLessThan(2500)
    server.close()
  })

  it('rejects a command that gets no reply after the command timeout', async () => {
    const server = await startHangingRedis('get')
    const store = await createRedisCacheStore(server.url, captureLogger().logger, {
      commandTimeoutMs: 300,
    })
    await expect(store.ping()).resolves.toBeUndefined()
    const { error, ms } = await timed(store.get('k'))
    expect(error).toBeInstanceOf(CacheUnavailableError)
    expect((error as Error).message).toMatch(/no reply within 300 ms/)
    expect(ms).toBeLessThan(600)
    await store.close()
    server.close()
  })
})

import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import type { BrowserLogEntry } from '../../shared/ingest-schemas.ts'
import { INGEST_LIMITS } from '../../shared/ingest-schemas.ts'
import { createBrowserLogger, type LogTransport } from './browser-logger.ts'
import { BROWSER_LIMITS } from './browser-limits.ts'

/** A transport that records what it got, and fails the first `failures` sends. */
function recordingTransport(failures = 0) {
  const sent: BrowserLogEntry[][] = []
  const beaconed: BrowserLogEntry[][] = []
  const attempts: number[] = []
  let left = failures
  const transport: LogTransport = {
    send(entries) {
      attempts.push(Date.now())
      if (left > 0) {
        left -= 1
        return Promise.reject(new Error('503'))
      }
      sent.push([...entries])
      return Promise.resolve()
    },
    beacon(entries) {
      beaconed.push([...entries])
      return true
    },
  }
  return { transport, sent, beaconed, attempts }
}

beforeEach(() => {
  vi.useFakeTimers()
  vi.setSystemTime(new Date('2026-12-02T12:00:00Z'))
})
afterEach(() => vi.useRealTimers())

describe('createBrowserLogger', () => {
  it('sends queued entries after 5 s, not before', async () => {
    const { transport, sent } = recordingTransport()
    const logger = createBrowserLogger({ transport })
    logger.info('one')
    logger.warn('two')
    await vi.advanceTimersByTimeAsync(4_999)
    expect(sent).toEqual([])
    await vi.advanceTimersByTimeAsync(1)
    expect(sent.map((batch) => batch.map((e) => e.message))).toEqual([['one', 'two']])
    expect(logger.pending).toBe(0)
  })

  it('sends at once when 10 entries are waiting', async () => {
    const { transport, sent } = recordingTransport()
    const logger = createBrowserLogger({ transport })
    for (let i = 0; i < 9; i++) logger.info(`entry ${i}`)
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toEqual([])
    logger.info('entry 9')
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toHaveLength(1)
    expect(sent[0]).toHaveLength(10)
  })

  it('sends an ERROR or FATAL at once, with what was queued before it', async () => {
    const { transport, sent } = recordingTransport()
    const logger = createBrowserLogger({ transport })
    logger.info('before')
    logger.error('boom', { stackTrace: 'Error: boom\n at x', requestId: 'req-1' })
    await vi.advanceTimersByTimeAsync(0)
    expect(sent).toEqual([
      [
        expect.objectContaining({ level: 'INFO', message: 'before' }),
        expect.objectContaining({
          level: 'ERROR',
          message: 'boom',
          stackTrace: 'Error: boom\n at x',
          requestId: 'req-1',
          timestamp: '2026-12-02T12:00:00.000Z',
        }),
      ],
    ])
    logger.log('FATAL', 'down')
    await vi.advanceTimersByTimeAsync(0)
    expect(sent[1]).toEqual([expect.objectContaining({ level: 'FATAL' })])
  })

  it('attaches the last 10 of at most 50 breadcrumbs to each entry', async () => {
    const { transport, sent } = recordingTransport()
    const logger = createBrowserLogger({ transport })
    for (let i = 0; i < 60; i++) logger.breadcrumb('click', `button "b${i}"`)
    expect(logger.breadcrumbs.last(100)).toHaveLength(50)
    expect(logger.breadcrumbs.last(100)[0]!.text).toBe('button "b10"')
    logger.error('boom')
    await vi.advanceTimersByTimeAsync(0)
    const crumbs = sent[0]![0]!.breadcrumbs!
    expect(crumbs.map((c) => c.text)).toEqual(
      Array.from({ length: 10 }, (_, i) => `button "b${50 + i}"`),
    )
    expect(crumbs[0]).toEqual({
      at: '2026-12-02T12:00:00.000Z',
      kind: 'click',
      text: 'button "b50"',
    })
  })

  it('hands everything queued to sendBeacon on page hide, and nothing to the timer', async () => {
    const { transport, sent, beaconed } = recordingTransport()
    const logger = createBrowserLogger({ transport })
    logger.info('a')
    logger.info('b')
    logger.flushOnHide()
    expect(beaconed.map((b) => b.map((e) => e.message))).toEqual([['a', 'b']])
    await vi.advanceTimersByTimeAsync(10_000)
    expect(sent).toEqual([])
    expect(logger.pending).toBe(0)
  })

  it('retries a failed send with doubling backoff, at most 3 times, then drops it without logging', async () => {
    const { transport, sent, attempts } = recordingTransport(10)
    const consoleSpy = vi.spyOn(console, 'error')
    const logger = createBrowserLogger({ transport, retryBaseMs: 1_000, maxRetries: 3 })
    const start = Date.now()
    logger.error('boom')
    await vi.advanceTimersByTimeAsync(60_000)
    expect(attempts.map((t) => t - start)).toEqual([0, 1_000, 3_000, 7_000])
    expect(sent).toEqual([])
    expect(logger.dropped).toBe(1)
    // Its own failure never becomes an entry (that would loop) nor a console line.
    expect(logger.pending).toBe(0)
    expect(consoleSpy).not.toHaveBeenCalled()
    consoleSpy.mockRestore()
  })

  it('delivers after a retry, and does not retry what the server refused for good', async () => {
    const flaky = recordingTransport(1)
    const logger = createBrowserLogger({ transport: flaky.transport })
    logger.error('first')
    await vi.advanceTimersByTimeAsync(1_000)
    expect(flaky.sent).toEqual([[expect.objectContaining({ message: 'first' })]])

    const refused = recordingTransport(5)
    const strict = createBrowserLogger({ transport: refused.transport, retryable: () => false })
    strict.error('bad')
    await vi.advanceTimersByTimeAsync(30_000)
    expect(refused.attempts).toHaveLength(1)
    expect(strict.dropped).toBe(1)
  })

  it('keeps at most maxQueued entries while sends fail, dropping the oldest', async () => {
    const { transport } = recordingTransport(1_000)
    const logger = createBrowserLogger({ transport, maxQueued: 5, batchSize: 100 })
    for (let i = 0; i < 8; i++) logger.info(`e${i}`)
    expect(logger.pending).toBe(5)
    expect(logger.dropped).toBe(3)
  })

  it('cuts fields to the server caps and keeps an oversized context as a note', async () => {
    const { transport, sent } = recordingTransport()
    const logger = createBrowserLogger({ transport, location: () => '/clients' })
    logger.error('x'.repeat(5_000), { context: { blob: 'y'.repeat(10_000) } })
    await vi.advanceTimersByTimeAsync(0)
    const entry = sent[0]![0]!
    expect(entry.message).toHaveLength(BROWSER_LIMITS.messageChars)
    expect(entry.url).toBe('/clients')
    expect(entry.context).toEqual({ truncated: true, keys: ['blob'] })
  })

  it('uses the same caps as the server schemas', () => {
    const { breadcrumbKindChars, ...shared } = BROWSER_LIMITS
    expect(breadcrumbKindChars).toBe(40)
    for (const [key, value] of Object.entries(shared))
      expect(INGEST_LIMITS[key as keyof typeof INGEST_LIMITS]).toBe(value)
  })
})

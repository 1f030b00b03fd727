import { mkdtempSync, readFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { Writable } from 'node:stream'
import { describe, expect, it, onTestFinished } from 'vitest'
import winston from 'winston'
import { captureOutput } from '../test/support/logger.ts'
import { logFormat } from '@stratum/layer-core/server'
import { BufferedOutput } from './log-stream.ts'
import { createLogger, flushLogs, LogBatch } from './logger.ts'

function capture() {
  const { output, lines } = captureOutput()
  return { logger: createLogger('info', output), lines }
}

describe('logger', () => {
  it('writes one JSON object per line in ECS field names, with an ISO @timestamp', () => {
    const { logger, lines } = capture()
    logger.info('hello', { tenant: 't1' })
    logger.debug('below the level')
    logger.info('request', { method: 'GET', path: '/x', status: 200, requestId: 'r1' })
    const [line, request, ...rest] = lines()
    expect(rest).toEqual([])
    expect(line).toMatchObject({ 'log.level': 'info', message: 'hello', tenant: 't1' })
    expect(new Date(line!['@timestamp'] as string).toISOString()).toBe(line!['@timestamp'])
    expect(request).toMatchObject({
      'http.request.method': 'GET',
      'url.path': '/x',
      'http.response.status_code': 200,
      'trace.id': 'r1',
    })
  })

  it('appends errors to LOG_FILE as JSON lines', async () => {
    const file = join(mkdtempSync(join(tmpdir(), 'stratum-log-')), 'errors.log')
    const { output } = captureOutput()
    const logger = createLogger('info', output, file)
    logger.info('not an error')
    logger.error('it broke', { requestId: 'r2' })
    await new Promise((resolve) => {
      logger.on('finish', resolve)
      logger.end()
    })
    await new Promise((resolve) => setTimeout(resolve, 100))
    const lines = readFileSync(file, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l))
    expect(lines).toEqual([expect.objectContaining({ message: 'it broke', 'trace.id': 'r2' })])
  })

  it('redacts secrets whatever layer logs them', () => {
    const { logger, lines } = capture()
    logger.warn('sign-in', {
      email: 'a@example.com',
      code: '123456',
      refreshToken: 'r',
      Authorization: 'Bearer x',
      password: 'p',
    })
    expect(lines()[0]).toMatchObject({
      email: 'a***@example.com',
      code: '[redacted]',
      refreshToken: '[redacted]',
      Authorization: '[redacted]',
      password: '[redacted]',
    })
  })

  it('keeps a line whose values JSON.stringify refuses (BigInt, cycles)', () => {
    const { logger, lines } = capture()
    const cyclic: Record<string, unknown> = { name: 'loop' }
    cyclic.self = cyclic
    logger.info('odd values', { big: 10n, cyclic })
    const line = lines()[0]!
    expect(line.message).toBe('odd values')
    expect(line.big).toBe('10')
    expect(line.cyclic).toMatchObject({ name: 'loop', self: '[Circular]' })
  })

  it('writes batched lines after the current turn, with the time they were queued', async () => {
    const { logger, lines } = capture()
    const batch = new LogBatch(logger)
    batch.add({
      level: 'info',
      message: 'request',
      path: '/a',
      timestamp: '2026-01-01T00:00:00.000Z',
    })
    batch.add({ level: 'error', message: 'request', path: '/b' })
    await new Promise((resolve) => setImmediate(resolve))
    const written = lines()
    expect(written).toHaveLength(2)
    expect(written[0]).toMatchObject({
      'log.level': 'info',
      message: 'request',
      'url.path': '/a',
      '@timestamp': '2026-01-01T00:00:00.000Z',
    })
    expect(written[1]).toMatchObject({ 'log.level': 'error', message: 'request', 'url.path': '/b' })
  })

  it('does not format an entry that no transport takes, and does format one a transport takes', () => {
    const { output, lines } = captureOutput()
    const logger = createLogger('warn', output)
    // winston's formats change the entry in place; one that was skipped is left as it was.
    const entry = { message: 'below every transport', detail: 'ana@example.com' }
    logger.info(entry)
    expect(entry.detail).toBe('ana@example.com')
    expect(entry).not.toHaveProperty('timestamp')
    expect(lines()).toEqual([])
    // A transport with its own, lower level (the way a layer adds one) still gets its entries.
    const seen: unknown[] = []
    const stream = new Writable({
      objectMode: true,
      write: (info, _encoding, done) => (seen.push(info), done()),
    })
    logger.add(new winston.transports.Stream({ stream, level: 'info' }))
    logger.info('taken by the added transport', { detail: 'ana@example.com' })
    expect(seen).toEqual([expect.objectContaining({ detail: 'a***@example.com' })])
    expect(lines()).toEqual([])
  })

  it('prints short lines for a person at a terminal, masked and redacted like the JSON ones', () => {
    // The terminal's clock: São Paulo is UTC−3 all year.
    const zone = process.env.TZ
    process.env.TZ = 'America/Sao_Paulo'
    onTestFinished(() => {
      if (zone === undefined) delete process.env.TZ
      else process.env.TZ = zone
    })
    const chunks: string[] = []
    const output = new BufferedOutput({
      target: new Writable({
        write: (chunk, _encoding, done) => (chunks.push(String(chunk)), done()),
      }),
    })
    const logger = createLogger('info', output, undefined, 'pretty')
    new LogBatch(logger).add({
      level: 'info',
      message: 'request',
      method: 'GET',
      path: '/api/app/clients',
      status: 200,
      duration_ms: 4.1,
      requestId: 'r1',
      timestamp: '2026-12-03T12:01:02.345Z',
    })
    flushLogs()
    logger.warn('code sent', { email: 'ana@example.com', code: '123456' })
    output.flush()
    const written = chunks.join('').split(/(?<=\n)/)
    expect(written[0]).toBe('09:01:02.345 GET /api/app/clients 200 4.1 ms\n')
    expect(written[1]).toMatch(
      /^\d\d:\d\d:\d\d\.\d{3} WARN {2}code sent \{"email":"a\*\*\*@example\.com","code":"\[redacted\]"\}\n$/,
    )
    expect(written).toHaveLength(2)
  })

  it('is pretty in development at a terminal, JSON everywhere else, and as LOG_FORMAT says', () => {
    expect(logFormat({ NODE_ENV: 'development' }, true)).toBe('pretty')
    expect(logFormat({ NODE_ENV: 'development' }, false)).toBe('json')
    expect(logFormat({ NODE_ENV: 'production' }, true)).toBe('json')
    expect(logFormat({ NODE_ENV: 'test' }, true)).toBe('json')
    expect(logFormat({ NODE_ENV: 'production', LOG_FORMAT: 'pretty' }, false)).toBe('pretty')
    expect(logFormat({ NODE_ENV: 'development', LOG_FORMAT: 'json' }, true)).toBe('json')
  })

  it('flushLogs writes what a batch still holds', () => {
    const { logger, lines } = capture()
    new LogBatch(logger).add({ level: 'info', message: 'request', path: '/now' })
    expect(lines()).toMatchObject([{ 'url.path': '/now' }])
  })
})

import winston from 'winston'
import Transport from 'winston-transport'
import type { PlatformConfig } from '@stratum/layer-core/server'
import { maskPii } from '@stratum/layer-core/shared'
import { BufferedOutput } from './log-stream.ts'

/** Keys (compared in lower case) whose values never reach a log line, whatever layer logs them. */
const SECRET_KEYS = new Set([
  'authorization',
  'cookie',
  'set-cookie',
  'password',
  'secret',
  'token',
  'code',
  'otp',
  'refreshtoken',
  'refresh_token',
  'accesstoken',
  'access_token',
  'app_secret',
])

/** winston's own keys for the finished line and the level (triple-beam's symbols). */
const MESSAGE = Symbol.for('message')

type Info = winston.Logform.TransformableInfo & { [MESSAGE]?: string }

const redact = winston.format((info) => {
  for (const key in info) {
    if (SECRET_KEYS.has(key.toLowerCase())) info[key] = '[redacted]'
  }
  return info
})

/** Personal data in free text (emails, credentials in URLs or prose) is masked in every line. */
const mask = winston.format((info) => {
  for (const key in info) {
    const value = info[key]
    if (typeof value === 'string') info[key] = maskPii(value)
  }
  return info
})

/**
 * Field names of the Elastic Common Schema, so ELK or Datadog read the lines without a mapping:
 * our names on the left, ECS's on the right. Other fields keep their names.
 */
const ECS_FIELDS: Record<string, string> = {
  timestamp: '@timestamp',
  level: 'log.level',
  requestId: 'trace.id',
  method: 'http.request.method',
  path: 'url.path',
  status: 'http.response.status_code',
  userId: 'user.id',
  tenantId: 'organization.id',
  ip: 'client.ip',
}

/** Renames fields to ECS on the way to stdout; transports that store rows see our names. */
const ecs = winston.format((info) => {
  for (const [from, to] of Object.entries(ECS_FIELDS)) {
    if (info[from] === undefined) continue
    info[to] = info[from]
    delete info[from]
  }
  if (typeof info.duration_ms === 'number') {
    info['event.duration'] = Math.round(info.duration_ms * 1e6) // nanoseconds, as ECS counts
  }
  info['ecs.version'] = '8.11.0'
  return info
})

let stampedAt = 0
let stamp = ''

/**
 * The current time as ISO-8601, formatted once per millisecond: the request log writes tens of
 * lines per millisecond under load, and `toISOString` was a measurable share of each one.
 */
export function isoTimestamp(): string {
  const now = Date.now()
  if (now !== stampedAt) {
    stampedAt = now
    stamp = new Date(now).toISOString()
  }
  return stamp
}

/** Adds `timestamp` unless the entry brings the time it happened (a deferred line does). */
const timestamp = winston.format((info) => {
  info.timestamp ??= isoTimestamp()
  return info
})

const safeJson = winston.format.json()

/**
 * `JSON.stringify` first; values it refuses (BigInt, circular references) fall back to logform's
 * safe serialiser, so a line is never lost to its content.
 */
const json = winston.format((info: Info) => {
  try {
    info[MESSAGE] = JSON.stringify(info)
    return info
  } catch {
    return safeJson.transform(info, safeJson.options)
  }
})

/** Our field names and winston's bookkeeping: not repeated after a pretty line's message. */
const PRETTY_SKIP = new Set([
  'level',
  'message',
  'timestamp',
  'method',
  'path',
  'status',
  'duration_ms',
])

const pad = (n: number, width = 2) => String(n).padStart(width, '0')

/** `HH:MM:SS.mmm` of an ISO time on the clock of this machine's time zone (`TZ`). */
function localClock(iso: string): string {
  const at = new Date(iso)
  if (Number.isNaN(at.getTime())) return iso.slice(11, 23)
  return `${pad(at.getHours())}:${pad(at.getMinutes())}:${pad(at.getSeconds())}.${pad(at.getMilliseconds(), 3)}`
}

/**
 * One short line per entry for a person at a terminal: `12:01:02.345 GET /x 200 4.1 ms` for a
 * request, `12:01:02.345 WARN message {"field":…}` for the rest, the time as the terminal's clock
 * reads it (the JSON lines keep UTC). Redaction and masking have run.
 */
export const pretty = winston.format((info: Info) => {
  const time = typeof info.timestamp === 'string' ? localClock(info.timestamp) : ''
  const rest: Record<string, unknown> = {}
  for (const key in info) if (!PRETTY_SKIP.has(key)) rest[key] = info[key]
  let line: string
  if (info.message === 'request' && typeof info.method === 'string') {
    const ms = typeof info.duration_ms === 'number' ? ` ${info.duration_ms} ms` : ''
    line = `${time} ${info.method} ${String(info.path)} ${String(info.status)}${ms}`
    delete rest.requestId
  } else {
    line = `${time} ${info.level.toUpperCase().padEnd(5)} ${String(info.message)}`
  }
  let extra = ''
  if (Object.keys(rest).length > 0) {
    try {
      extra = ` ${JSON.stringify(rest)}`
    } catch {
      extra = ' [fields that cannot be shown]'
    }
  }
  info[MESSAGE] = line + extra
  return info
})

/**
 * Hands each finished line straight to a {@link BufferedOutput}; winston's `Stream` transport
 * would add a second stream hop per line.
 */
export class BufferedTransport extends Transport {
  readonly #output: BufferedOutput

  constructor(output: BufferedOutput, options: Transport.TransportStreamOptions = {}) {
    super(options)
    this.#output = output
  }

  override log(info: Info, done: () => void): void {
    this.#output.append(`${info[MESSAGE]}\n`)
    done()
  }
}

/**
 * One JSON object per line on stdout in ECS field names (`@timestamp`, `log.level`, `trace.id`,
 * …), secrets redacted and personal data masked, written in batches (see {@link BufferedOutput}).
 * `LOG_LEVEL=silent` turns logging off (tests). Call `flushLogs()` before exiting on purpose.
 * @default level 'info'
 */
export function createLogger(
  level: PlatformConfig['LOG_LEVEL'] = 'info',
  output: BufferedOutput = stdoutBuffer,
  /** Also append errors to this file, as JSON lines. @default process.env.LOG_FILE */
  errorFile: string | undefined = process.env.LOG_FILE || undefined,
  /** How stdout's lines look (`logFormat(config)`); the error file is always JSON. */
  format: 'json' | 'pretty' = 'json',
): winston.Logger {
  const lines = winston.format.combine(ecs(), json())
  // winston runs the logger's format on every entry and leaves the level to each transport, so
  // an entry no transport takes was redacted, masked and stamped for nothing: it stops here.
  const wanted = winston.format((info) => logger.isLevelEnabled(info.level) && info)
  const logger: winston.Logger = winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    format: winston.format.combine(wanted(), redact(), mask(), timestamp()),
    transports: [
      new BufferedTransport(output, { format: format === 'pretty' ? pretty() : lines }),
      ...(errorFile
        ? [new winston.transports.File({ filename: errorFile, level: 'error', format: lines })]
        : []),
    ],
  })
  return logger
}

/** Batches with lines waiting; `flushLogs()` hands them to winston first. */
const waiting = new Set<LogBatch>()

/**
 * Lines handed to winston after the current turn of the event loop rather than one by one on the
 * hot path. Under load one turn serves many requests, so their lines go through winston back to
 * back, which measured about half the cost of logging each inside its request. Each line keeps
 * the `timestamp` it was queued with; `flushLogs()` (and process exit) writes what is waiting.
 */
export class LogBatch {
  #entries: winston.LogEntry[] = []
  readonly #logger: winston.Logger

  constructor(logger: winston.Logger) {
    this.#logger = logger
  }

  /** Queues one entry (winston's `{ level, message, …fields }`); `timestamp` is now when missing. */
  add(entry: winston.LogEntry): void {
    entry.timestamp ??= isoTimestamp()
    this.#entries.push(entry)
    if (this.#entries.length === 1) {
      waiting.add(this)
      setImmediate(this.drain)
    }
  }

  /** Hands every queued entry to winston now. */
  readonly drain = (): void => {
    waiting.delete(this)
    const entries = this.#entries
    if (entries.length === 0) return
    this.#entries = []
    for (const entry of entries) this.#logger.log(entry)
  }
}

const stdoutBuffer = new BufferedOutput()

/** Writes waiting and buffered log lines now (before `process.exit`, which skips timers). */
export const flushLogs = (): void => {
  for (const batch of waiting) batch.drain()
  stdoutBuffer.flush()
}
process.once('exit', flushLogs)

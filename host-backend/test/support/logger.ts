import { Writable } from 'node:stream'
import { createLogger, transports } from 'winston'
import type { Logger } from 'winston'
import { BufferedOutput } from '../../src/log-stream.ts'
import { flushLogs } from '../../src/logger.ts'

/** A log entry as winston hands it to transports. */
export interface CapturedLog {
  level: string
  message: string
  [key: string]: unknown
}

/**
 * A winston logger that keeps entries in memory instead of printing them, so tests stay quiet
 * and can assert what was logged.
 * @param level lowest level kept. @default 'debug'
 */
export function captureLogger(level = 'debug'): { logger: Logger; entries: CapturedLog[] } {
  const entries: CapturedLog[] = []
  const stream = new Writable({
    objectMode: true,
    write(info: CapturedLog, _encoding, done) {
      entries.push(info)
      done()
    },
  })
  return {
    logger: createLogger({ level, transports: [new transports.Stream({ stream })] }),
    entries,
  }
}

/**
 * A {@link BufferedOutput} that keeps what it writes, with the lines so far parsed as JSON
 * (queued request-log entries and buffered lines are written first). Pass `output` to
 * `createLogger(level, output)` to see the exact lines the platform would print.
 */
export function captureOutput(): { output: BufferedOutput; lines: () => CapturedLog[] } {
  const written: string[] = []
  const output = new BufferedOutput({
    target: new Writable({
      write(chunk: Buffer | string, _encoding, done) {
        written.push(chunk.toString())
        done()
      },
    }),
  })
  const lines = () => {
    flushLogs()
    output.flush()
    return written
      .join('')
      .split('\n')
      .filter(Boolean)
      .map((line) => JSON.parse(line) as CapturedLog)
  }
  return { output, lines }
}

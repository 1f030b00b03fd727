import { Writable } from 'node:stream'
import { createLogger, transports } from 'winston'
import type { Logger } from 'winston'

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

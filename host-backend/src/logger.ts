import winston from 'winston'
import type { PlatformConfig } from '@stratum/layer-core/server'
import { BufferedOutput } from './log-stream.ts'

/** Keys whose values never reach a log line, whatever layer logs them. */
const SECRET_KEYS = /^(authorization|cookie|set-cookie|password|secret|token|code|otp|refresh_?token|access_?token|app_secret)$/i

const redact = winston.format((info) => {
  for (const key of Object.keys(info)) {
    if (SECRET_KEYS.test(key)) info[key] = '[redacted]'
  }
  return info
})

/**
 * One JSON object per line on stdout, written in batches (see {@link BufferedOutput}).
 * `LOG_LEVEL=silent` turns logging off (tests). Call `flushLogs()` before exiting on purpose.
 * @default level 'info'
 */
export function createLogger(level: PlatformConfig['LOG_LEVEL'] = 'info'): winston.Logger {
  return winston.createLogger({
    level: level === 'silent' ? 'error' : level,
    silent: level === 'silent',
    format: winston.format.combine(redact(), winston.format.timestamp(), winston.format.json()),
    transports: [new winston.transports.Stream({ stream: stdoutBuffer })],
  })
}

const stdoutBuffer = new BufferedOutput()

/** Writes buffered log lines now (before `process.exit`, which skips timers). */
export const flushLogs = (): void => stdoutBuffer.flush()

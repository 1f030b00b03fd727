import Transport from 'winston-transport'
import { maskPii } from '@stratum/layer-core/shared'
import type { BatchWriter } from './batch-writer.ts'
import type { LogRow } from './tables.ts'
import { uuidOrNull } from './uuid.ts'

const LEVELS: Record<string, LogRow['level']> = { error: 'ERROR', warn: 'WARN', fatal: 'FATAL' }
/** Fields that get columns of their own, and winston's bookkeeping. */
const COLUMNS = new Set([
  'level',
  'message',
  'timestamp',
  'requestId',
  'userId',
  'assumedBy',
  'tenantId',
  'ip',
])

type Info = Record<string, unknown> & { level: string; message?: unknown }

const text = (value: unknown) => (typeof value === 'string' ? value : undefined)

/**
 * A winston transport that queues WARN and above into the `logs` table (source `server`), masked
 * like the console lines. Entries marked `skipDb` (the writers' own failures) stay on the console.
 */
export class DatabaseLogTransport extends Transport {
  constructor(
    private readonly writer: BatchWriter<LogRow, unknown>,
    private readonly onError: (count: number) => void,
  ) {
    super({ level: 'warn' })
  }

  override log(info: Info, done: () => void): void {
    const level = LEVELS[info.level]
    if (level && info.skipDb !== true) {
      const context = Object.fromEntries(
        Object.entries(info).filter(([key]) => !COLUMNS.has(key) && typeof key === 'string'),
      )
      const stack = text(context.stack)
      delete context.stack
      this.writer.push({
        level,
        message: maskPii(String(info.message ?? '')).slice(0, 10_000),
        timestamp: text(info.timestamp) ?? new Date(),
        user_id: uuidOrNull(info.userId),
        assumed_by: uuidOrNull(info.assumedBy),
        tenant_id: uuidOrNull(info.tenantId),
        session_id: null,
        request_id: text(info.requestId) ?? null,
        ip_address: text(info.ip) ?? null,
        user_agent: null,
        url: text(context.path) ?? null,
        context: Object.keys(context).length > 0 ? maskPii(JSON.stringify(context)) : null,
        stack_trace: stack ? maskPii(stack) : null,
        duration_ms: typeof info.durationMs === 'number' ? info.durationMs : null,
        source: 'server',
      })
      if (level !== 'WARN') this.onError(1)
    }
    done()
  }
}

import type { LogLevel } from '../shared/ingest-schemas.ts'

/**
 * The levels, lowest first: `LOG_LEVELS` of the shared schemas, copied so that pages do not
 * pull zod into their chunks. A test keeps the two equal.
 */
export const LEVELS = [
  'DEBUG',
  'INFO',
  'WARN',
  'ERROR',
  'FATAL',
] as const satisfies readonly LogLevel[]

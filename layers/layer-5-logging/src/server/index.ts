export { loggingServerLayer } from './logging-layer.ts'
export type { LoggingDatabase } from './tables.ts'

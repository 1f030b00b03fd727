/** Error codes of the logging layer; the client translates them under `logging.errors.<CODE>`. */
export const LoggingErrorCode = {
  /** The visitor's address sent more browser entries than its budget allows; see `Retry-After`. */
  LOG_INGEST_LIMITED: 'LOG_INGEST_LIMITED',
  /** The `cursor` does not come from a previous page. */
  INVALID_CURSOR: 'INVALID_CURSOR',
  /** The caller lacks `audit.view`, `logs.view` or `metrics.view`. */
  LOGGING_FORBIDDEN: 'LOGGING_FORBIDDEN',
} as const

export type LoggingErrorCode = (typeof LoggingErrorCode)[keyof typeof LoggingErrorCode]

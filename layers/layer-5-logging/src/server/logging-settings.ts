import { z } from 'zod'
import { queryInt } from '@stratum/layer-core/shared'

const days = (fallback: number) => queryInt({ min: 0, max: 36_500, default: fallback })

/** The layer's settings from the environment; 0 days keeps a table's rows forever. */
export const loggingSettingsSchema = z.object({
  LOG_RETENTION_DAYS: days(30),
  AUDIT_RETENTION_DAYS: days(365),
  METRICS_RETENTION_DAYS: days(14),
  /** Browser entries one address may send per minute. */
  LOG_INGEST_IP_MAX: queryInt({ min: 1, max: 1_000_000_000, default: 600 }),
  /** Rows a writer keeps waiting before it drops. */
  LOG_QUEUE_MAX: queryInt({ min: 100, max: 1_000_000, default: 20_000 }),
  ALERT_WEBHOOK_URL: z.url().optional(),
  /** ERROR and FATAL entries within the window that raise an alert. */
  ALERT_THRESHOLD: queryInt({ min: 1, max: 1_000_000, default: 20 }),
  ALERT_WINDOW_SECONDS: queryInt({ min: 1, max: 86_400, default: 300 }),
})
export type LoggingSettings = z.infer<typeof loggingSettingsSchema>

/** Reads the settings, failing start-up with the variable's name when one is malformed. */
export function loadLoggingSettings(env: Readonly<Record<string, string | undefined>>) {
  const parsed = loggingSettingsSchema.safeParse(env)
  if (parsed.success) return parsed.data
  const issue = parsed.error.issues[0]
  throw new Error(`Layer 'logging': ${issue?.path.join('.')} is invalid: ${issue?.message}`)
}

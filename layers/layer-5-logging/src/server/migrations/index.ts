import type { Migration } from 'kysely'
import { loggingTables } from './20261202150000_logging_tables.ts'
import { metricsBrin } from './20261202170000_metrics_brin.ts'
import { auditAnchors } from './20261202200000_audit_anchors.ts'
import { auditAssumedBy } from './20261202210000_audit_assumed_by.ts'

/** Static record, so the migrations survive bundling. */
export const loggingMigrations: Record<string, Migration> = {
  '20261202150000_logging_tables': loggingTables,
  '20261202170000_metrics_brin': metricsBrin,
  '20261202200000_audit_anchors': auditAnchors,
  '20261202210000_audit_assumed_by': auditAssumedBy,
}

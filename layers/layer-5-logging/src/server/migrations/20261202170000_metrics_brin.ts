import { sql, type Migration } from 'kysely'

/**
 * `performance_metrics` takes one row per request, in time order. Its time index becomes a BRIN
 * index (a few pages per million rows): the window and retention scans still use it, and the
 * insert that every request costs no longer updates a third B-tree.
 */
export const metricsBrin: Migration = {
  async up(db) {
    await sql`drop index if exists performance_metrics_timestamp_idx`.execute(db)
    await sql`create index performance_metrics_timestamp_brin on performance_metrics using brin (timestamp)`.execute(
      db,
    )
  },
  async down(db) {
    await sql`drop index if exists performance_metrics_timestamp_brin`.execute(db)
    await sql`create index performance_metrics_timestamp_idx on performance_metrics (timestamp)`.execute(
      db,
    )
  },
}

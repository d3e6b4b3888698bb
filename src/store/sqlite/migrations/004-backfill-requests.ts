import type { Database } from 'better-sqlite3';

/**
 * The reports `sync --backfill` created, one row per report type and range: recorded right after
 * Create Report answers, so a rerun never asks twice; `attempt` (with the type and range) gives
 * the idempotency key, so even a kill between the answer and this row cannot create a second one.
 */
export function backfillRequestsMigration(db: Database): void {
  db.exec(`
    CREATE TABLE backfill_requests (
      report_type TEXT NOT NULL,
      start_time TEXT NOT NULL,
      end_time TEXT NOT NULL,
      attempt INTEGER NOT NULL,
      report_id TEXT NOT NULL,
      state TEXT NOT NULL,
      requested_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      error TEXT,
      PRIMARY KEY (report_type, start_time, end_time)
    ) STRICT;
  `);
}

import type { Database } from 'better-sqlite3';

/** Reports, sync runs, the checkpoint and disbursements: the sync's ledger. Times are ISO 8601 UTC text. */
export function reportsMigration(db: Database): void {
  db.exec(`
    CREATE TABLE reports (
      report_id TEXT PRIMARY KEY,
      report_type TEXT NOT NULL,
      processing_status TEXT NOT NULL,
      created_time TEXT NOT NULL,
      start_time TEXT,
      end_time TEXT,
      processing_start_time TEXT,
      processing_end_time TEXT,
      report_document_id TEXT,
      first_seen_at TEXT NOT NULL,
      updated_at TEXT NOT NULL,
      file_path TEXT,
      bytes INTEGER,
      sha256 TEXT,
      downloaded_at TEXT,
      attempts INTEGER NOT NULL DEFAULT 0,
      last_error TEXT
    ) STRICT;
    CREATE INDEX reports_status ON reports (processing_status);
    CREATE INDEX reports_created ON reports (created_time);

    CREATE TABLE sync_runs (
      id INTEGER PRIMARY KEY,
      started_at TEXT NOT NULL,
      finished_at TEXT,
      status TEXT NOT NULL,
      listed INTEGER NOT NULL DEFAULT 0,
      downloaded INTEGER NOT NULL DEFAULT 0,
      skipped INTEGER NOT NULL DEFAULT 0,
      failed INTEGER NOT NULL DEFAULT 0,
      api_calls INTEGER NOT NULL DEFAULT 0,
      error TEXT
    ) STRICT;

    CREATE TABLE checkpoint (
      name TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE disbursements (
      amazon_disbursement_reference_id TEXT PRIMARY KEY,
      settlement_id TEXT NOT NULL,
      amount TEXT NOT NULL,
      currency_code TEXT NOT NULL,
      transaction_time TEXT NOT NULL,
      seller_id TEXT
    ) STRICT;
    CREATE INDEX disbursements_settlement ON disbursements (settlement_id);
    CREATE INDEX disbursements_time ON disbursements (transaction_time);
  `);
}

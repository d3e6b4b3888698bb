import type { Database } from 'better-sqlite3';

/**
 * Parsed report contents (owned by import). Amounts are canonical decimal strings (`-0.30`),
 * never REAL, so SQLite never rounds them; sums are done in bigint by the code that reads them.
 * Times are ISO 8601 UTC text next to the raw text from the file.
 */
export function reportRowsMigration(db: Database): void {
  db.exec(`
    -- settlement_rows is clustered on (report_id, line) with no other index: a GB-sized import
    -- appends to one b-tree, and every reader (export, replace) goes through report_id anyway.

    -- One row per imported report file: what was imported, so an identical re-import is a no-op.
    CREATE TABLE report_imports (
      report_id TEXT PRIMARY KEY,
      report_type TEXT NOT NULL,
      report_kind TEXT NOT NULL,
      file_path TEXT NOT NULL,
      sha256 TEXT NOT NULL,
      bytes INTEGER NOT NULL,
      row_count INTEGER NOT NULL,
      warning_count INTEGER NOT NULL,
      imported_at TEXT NOT NULL,
      seq INTEGER NOT NULL
    ) STRICT;

    CREATE TABLE settlement_rows (
      report_id TEXT NOT NULL,
      line INTEGER NOT NULL,
      settlement_id TEXT NOT NULL,
      posted_at TEXT NOT NULL,
      posted_at_raw TEXT NOT NULL,
      amazon_transaction_id TEXT,
      seller_reference_id TEXT,
      transaction_type TEXT NOT NULL,
      amazon_order_reference_id TEXT,
      seller_order_id TEXT,
      store_name TEXT,
      currency_code TEXT NOT NULL,
      description TEXT,
      amount TEXT NOT NULL,
      percentage_fee TEXT NOT NULL,
      fixed_fee TEXT NOT NULL,
      total_fee TEXT NOT NULL,
      net TEXT NOT NULL,
      extra TEXT,
      PRIMARY KEY (report_id, line)
    ) STRICT, WITHOUT ROWID;

    -- One row per (settlement, report file). A SettlementId re-issued in another report gets a
    -- second row; exactly one per settlement_id has active = 1 and is used by summaries/exports.
    CREATE TABLE settlements (
      settlement_id TEXT NOT NULL,
      report_id TEXT NOT NULL,
      report_type TEXT NOT NULL,
      seller_id TEXT,
      start_raw TEXT,
      start_at TEXT,
      end_raw TEXT,
      end_at TEXT,
      currency TEXT NOT NULL,
      row_count INTEGER NOT NULL,
      captures TEXT NOT NULL,
      refunds TEXT NOT NULL,
      fees TEXT NOT NULL,
      chargebacks TEXT NOT NULL,
      adjustments TEXT NOT NULL,
      reserve TEXT NOT NULL,
      net TEXT NOT NULL,
      payout TEXT NOT NULL,
      transfer_count INTEGER NOT NULL,
      first_posted_at TEXT,
      last_posted_at TEXT,
      active INTEGER NOT NULL DEFAULT 0,
      PRIMARY KEY (settlement_id, report_id)
    ) STRICT;
    CREATE INDEX settlements_report ON settlements (report_id);
    CREATE INDEX settlements_start ON settlements (start_at);

    -- Transaction and undocumented reports: the typed record as JSON.
    CREATE TABLE transaction_rows (
      report_id TEXT NOT NULL,
      line INTEGER NOT NULL,
      report_kind TEXT NOT NULL,
      record TEXT NOT NULL,
      PRIMARY KEY (report_id, line)
    ) STRICT;

    CREATE TABLE report_warnings (
      report_id TEXT NOT NULL,
      line INTEGER,
      code TEXT NOT NULL,
      message TEXT NOT NULL
    ) STRICT;
    CREATE INDEX report_warnings_report ON report_warnings (report_id);
  `);
}

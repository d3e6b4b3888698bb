import type { Database } from 'better-sqlite3';

/** Settlement rows, transaction rows and parse warnings (owned by import). */
export function reportRowsMigration(db: Database): void {
  void db; // TODO(import): tables settlement_rows, transaction_rows, report_warnings
}

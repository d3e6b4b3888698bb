import type { Database } from 'better-sqlite3';

/** Facts about the store itself, one row each: `identity` (whom it belongs to, as JSON). */
export function storeMetaMigration(db: Database): void {
  db.exec(`
    CREATE TABLE store_meta (
      key TEXT PRIMARY KEY,
      value TEXT NOT NULL
    ) STRICT;
  `);
}

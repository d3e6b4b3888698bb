// Apart from the engine, so the public types never name better-sqlite3 (a consumer need not install its types).
export interface SqliteStoreOptions {
  /** Clock for first_seen_at / updated_at / run times. */
  now?: () => Date;
  /** How long to wait for another connection's write lock, ms (default 5000). */
  busyTimeoutMs?: number;
  /** Open an existing store for reading only: nothing is created, migrated or written (works on a read-only file or disk). */
  readOnly?: boolean;
}
